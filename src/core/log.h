// Structured logging with a request id. The sink is installed by the composition root
// (spdlog in cli/); core stays free of libraries. Callers pass event names and fields,
// never a name, phone number, email address, message text or IP address.
#pragma once

#include <functional>
#include <initializer_list>
#include <string>
#include <string_view>

namespace haven::log {

enum class Level { Debug, Info, Warn, Error };

struct Field {
  std::string_view key;
  std::string value;
};

using Sink = std::function<void(Level, std::string_view event, std::string_view fields_json)>;

// Replaces the sink; not thread-safe against concurrent logging, call at start-up.
void set_sink(Sink sink);
void set_level(Level minimum);
// Whether `level` would be written; lets hot paths skip building fields nobody reads.
bool is_enabled(Level level);

// Emits `event` with `fields` rendered as one JSON object. Thread-safe.
void write(Level level, std::string_view event, std::initializer_list<Field> fields = {});

inline void debug(std::string_view e, std::initializer_list<Field> f = {}) {
  write(Level::Debug, e, f);
}
inline void info(std::string_view e, std::initializer_list<Field> f = {}) {
  write(Level::Info, e, f);
}
inline void warn(std::string_view e, std::initializer_list<Field> f = {}) {
  write(Level::Warn, e, f);
}
inline void error(std::string_view e, std::initializer_list<Field> f = {}) {
  write(Level::Error, e, f);
}

// JSON string escaping for field values (also used by the JSON error bodies' fallback).
std::string json_escape(std::string_view text);

}  // namespace haven::log
