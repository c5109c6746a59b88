#include "app/client_throttle.h"

#include <iterator>

namespace haven::app {

void ClientThrottle::drop_old(std::deque<TimePoint>& failures, TimePoint now) const {
  while (!failures.empty() && failures.front() <= now - window_) failures.pop_front();
}

bool ClientThrottle::allows(std::string_view client, TimePoint now) {
  if (client.empty()) return true;
  std::lock_guard lock(mutex_);
  auto found = failures_.find(std::string(client));
  if (found == failures_.end()) return true;
  drop_old(found->second, now);
  if (found->second.empty()) {
    failures_.erase(found);
    return true;
  }
  return found->second.size() < max_failures_;
}

void ClientThrottle::record_failure(std::string_view client, TimePoint now) {
  if (client.empty()) return;
  std::lock_guard lock(mutex_);
  auto key = std::string(client);
  if (!failures_.contains(key) && failures_.size() >= kMaxClients) make_room(now);
  auto& failures = failures_[key];
  drop_old(failures, now);
  failures.push_back(now);
  // Only the newest max_failures_ + 1 matter for the decision.
  while (failures.size() > max_failures_ + 1) failures.pop_front();
}

void ClientThrottle::forget(std::string_view client) {
  std::lock_guard lock(mutex_);
  failures_.erase(std::string(client));
}

std::size_t ClientThrottle::tracked_clients() const {
  std::lock_guard lock(mutex_);
  return failures_.size();
}

void ClientThrottle::make_room(TimePoint now) {
  for (auto it = failures_.begin(); it != failures_.end();) {
    drop_old(it->second, now);
    it = it->second.empty() ? failures_.erase(it) : std::next(it);
  }
  // Leave a tenth free, so a flood of new keys does not sweep on every call.
  while (failures_.size() >= kMaxClients - kMaxClients / 10) failures_.erase(failures_.begin());
}

}  // namespace haven::app
