#include "app/ports/job_queue.h"

#include <algorithm>
#include <array>

namespace haven::app {

namespace {

bool is_kind_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
}

bool is_key_char(char c) { return c > 0x20 && c < 0x7f; }

// Length of the valid UTF-8 sequence starting at text[i], or 0 if it is not valid.
std::size_t utf8_sequence_length(std::string_view text, std::size_t i) {
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  unsigned char lead = byte(i);
  std::size_t length = lead < 0x80           ? 1
                       : (lead >> 5) == 0x6  ? 2
                       : (lead >> 4) == 0xe  ? 3
                       : (lead >> 3) == 0x1e ? 4
                                             : 0;
  if (length == 0 || i + length > text.size()) return 0;
  for (std::size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xc0) != 0x80) return 0;
  }
  // Overlong forms and surrogates are not valid UTF-8 (PostgreSQL rejects them).
  if (length == 2 && lead < 0xc2) return 0;
  if (length == 3 && lead == 0xe0 && byte(i + 1) < 0xa0) return 0;
  if (length == 3 && lead == 0xed && byte(i + 1) >= 0xa0) return 0;
  if (length == 4 && (lead > 0xf4 || (lead == 0xf0 && byte(i + 1) < 0x90) ||
                      (lead == 0xf4 && byte(i + 1) >= 0x90)))
    return 0;
  return length;
}

}  // namespace

std::string_view to_string(JobState state) {
  switch (state) {
    case JobState::Ready:
      return "ready";
    case JobState::Running:
      return "running";
    case JobState::Dead:
      return "dead";
  }
  return "ready";
}

std::chrono::milliseconds RetryPolicy::delay_after(int attempts, Random& random) const {
  using std::chrono::milliseconds;
  int doublings = std::clamp(attempts - 1, 0, 40);  // 2^40 * base is past any sane cap
  milliseconds exponential = base;
  for (int i = 0; i < doublings && exponential < cap; ++i) exponential *= 2;
  exponential = std::min(exponential, cap);
  auto jitter_range = exponential.count() * std::clamp(jitter_percent, 0, 100) / 100;
  std::int64_t jitter = 0;
  if (jitter_range > 0) {
    std::array<std::uint8_t, 8> bytes{};
    random.fill(bytes);
    std::uint64_t draw = 0;
    for (auto b : bytes) draw = draw << 8 | b;
    jitter = static_cast<std::int64_t>(draw % (static_cast<std::uint64_t>(jitter_range) + 1));
  }
  return std::min(exponential + milliseconds{jitter}, cap);
}

Result<void> validate_new_job(NewJob const& job) {
  if (job.kind.empty() || job.kind.size() > kMaxJobKindBytes ||
      !std::all_of(job.kind.begin(), job.kind.end(), is_kind_char)) {
    return make_error(ErrorCode::InvalidInput, "job kind must be 1-64 of [a-z0-9._-]");
  }
  if (job.payload.size() > kMaxJobPayloadBytes) {
    return make_error(ErrorCode::InvalidInput, "job payload exceeds 1 MiB");
  }
  if (job.dedupe_key) {
    auto const& key = *job.dedupe_key;
    if (key.empty() || key.size() > kMaxDedupeKeyBytes ||
        !std::all_of(key.begin(), key.end(), is_key_char)) {
      return make_error(ErrorCode::InvalidInput,
                        "job dedupe key must be 1-200 printable ASCII characters");
    }
  }
  if (job.max_attempts < 1 || job.max_attempts > kMaxJobAttempts) {
    return make_error(ErrorCode::InvalidInput, "job max_attempts must be 1-100");
  }
  return {};
}

std::string sanitize_job_error(std::string_view detail) {
  std::string out;
  out.reserve(std::min(detail.size(), kMaxJobErrorBytes));
  for (std::size_t i = 0; i < detail.size();) {
    std::size_t length = utf8_sequence_length(detail, i);
    std::string_view piece = length == 0 ? std::string_view("?") : detail.substr(i, length);
    if (length == 1 && (static_cast<unsigned char>(piece[0]) < 0x20 || piece[0] == 0x7f)) {
      piece = " ";
    }
    if (out.size() + piece.size() > kMaxJobErrorBytes) break;
    out += piece;
    i += length == 0 ? 1 : length;
  }
  return out;
}

}  // namespace haven::app
