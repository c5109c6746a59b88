#include "cli/logging.h"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

namespace haven::cli {

namespace {

spdlog::level::level_enum to_spdlog(log::Level level) {
  switch (level) {
    case log::Level::Debug:
      return spdlog::level::debug;
    case log::Level::Info:
      return spdlog::level::info;
    case log::Level::Warn:
      return spdlog::level::warn;
    case log::Level::Error:
      return spdlog::level::err;
  }
  return spdlog::level::info;
}

}  // namespace

void install_log_sink(log::Level minimum) {
  auto logger = spdlog::stderr_logger_mt("haven");
  // UTC timestamps: the log must not reveal where the server's operator sits either.
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %l %v", spdlog::pattern_time_type::utc);
  logger->set_level(to_spdlog(minimum));
  log::set_level(minimum);
  log::set_sink([logger](log::Level level, std::string_view event, std::string_view fields) {
    logger->log(to_spdlog(level), "{} {}", event, fields);
  });
}

}  // namespace haven::cli
