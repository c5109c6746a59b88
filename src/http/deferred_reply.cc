#include "http/deferred_reply.h"

#include <utility>

#include "core/log.h"

namespace haven::http {

DeferredReply::DeferredReply(Deliver deliver, std::string request_id)
    : deliver_(std::move(deliver)), request_id_(std::move(request_id)) {}

DeferredReply::~DeferredReply() {
  if (answered_.exchange(true)) return;
  log::error("http_deferred_never_answered", {{"request_id", request_id_}});
  // An empty 500: the dispatcher gives it the rendered error body like any handler's.
  Response failure;
  failure.status = 500;
  try {
    deliver_(std::move(failure));
  } catch (...) {
    // Only allocation can fail here; the connection's deadline still answers 503.
  }
}

bool DeferredReply::answer(Response response) {
  if (answered_.exchange(true)) return false;
  deliver_(std::move(response));
  return true;
}

Respond make_respond(std::shared_ptr<DeferredReply> reply) {
  return [reply = std::move(reply)](Response response) {
    if (!reply->answer(std::move(response))) {
      log::error("http_deferred_answered_twice", {{"request_id", reply->request_id()}});
    }
  };
}

}  // namespace haven::http
