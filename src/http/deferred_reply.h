// How a deferred route's answer (router.h Respond) travels from whatever thread gives it
// back to its connection: exactly once, a 500 when it is never given, and never into an
// io_context that is gone. Beast-free; private to http/.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "http/message.h"
#include "http/router.h"

namespace haven::http {

// Lets other threads post to the server's io_contexts only while those exist. A Respond may
// outlive the Server (a worker pool finishing a hash after shutdown); the server closes the
// gate before its io_contexts are destroyed, and later answers are dropped. Thread-safe.
class PostGate {
 public:
  // Runs `post` under the lock and returns true while open; false once closed.
  template <typename Post>
  bool run_if_open(Post&& post) {
    std::lock_guard lock(mutex_);
    if (!open_) return false;
    post();
    return true;
  }
  void close() {
    std::lock_guard lock(mutex_);
    open_ = false;
  }

 private:
  std::mutex mutex_;
  bool open_ = true;
};

// The one answer a deferred handler owes, shared by every copy of its Respond.
class DeferredReply {
 public:
  // Takes the answer on the answering thread; the connection's version posts it to its own
  // executor. Must be thread-safe.
  using Deliver = std::function<void(Response)>;

  DeferredReply(Deliver deliver, std::string request_id);
  // Delivers a 500 when nobody answered: a dropped Respond must never hang the connection.
  ~DeferredReply();
  DeferredReply(DeferredReply const&) = delete;
  DeferredReply& operator=(DeferredReply const&) = delete;

  // Delivers the first answer and returns true; later answers return false, unsent.
  // Thread-safe.
  bool answer(Response response);
  std::string const& request_id() const { return request_id_; }

 private:
  std::atomic<bool> answered_{false};
  Deliver deliver_;
  std::string request_id_;
};

// The Respond a deferred handler gets: answers `reply`; a second call is logged and ignored.
Respond make_respond(std::shared_ptr<DeferredReply> reply);

}  // namespace haven::http
