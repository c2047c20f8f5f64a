// The model's names: the strings each enum of report.h is printed as, and the
// query status derived from an attempt.
#include "model/report.h"

namespace wfpredir {

std::string_view to_string(QueryKind kind) {
  switch (kind) {
    case QueryKind::records:
      return "records";
    case QueryKind::context:
      return "context";
    case QueryKind::original_dst:
      return "original-dst";
  }
  return "?";
}

std::string_view to_string(Mode mode) {
  switch (mode) {
    case Mode::sync:
      return "sync";
    case Mode::event:
      return "event";
    case Mode::apc:
      return "apc";
  }
  return "?";
}

std::string_view control_name(QueryKind kind) {
  switch (kind) {
    case QueryKind::records:
      return "SIO_QUERY_WFP_CONNECTION_REDIRECT_RECORDS";
    case QueryKind::context:
      return "SIO_QUERY_WFP_CONNECTION_REDIRECT_CONTEXT";
    case QueryKind::original_dst:
      return "SO_ORIGINAL_DST";
  }
  return "?";
}

ErrorContext context_of(QueryKind kind) {
  switch (kind) {
    case QueryKind::records:
      return ErrorContext::control_code;
    case QueryKind::context:
      return ErrorContext::context_code;
    case QueryKind::original_dst:
      return ErrorContext::original_dst;
  }
  return ErrorContext::control_code;
}

std::string_view to_string(Verdict v) {
  switch (v) {
    case Verdict::redirected:
      return "redirected";
    case Verdict::not_redirected:
      return "not-redirected";
    case Verdict::unknown:
      return "unknown";
    case Verdict::unsupported:
      return "unsupported";
  }
  return "?";
}

const Attempt* QueryResult::final_attempt() const {
  return skipped || attempts.empty() ? nullptr : &attempts.back();
}

bool QueryResult::succeeded() const {
  const Attempt* a = final_attempt();
  return a != nullptr && a->error == 0;
}

QueryStatus status_of(const QueryResult& q) {
  const Attempt* a = q.final_attempt();
  if (a == nullptr) return QueryStatus::skipped;
  if (a->timed_out) return QueryStatus::timeout;
  if (a->interrupted) return QueryStatus::interrupted;
  return a->error == 0 ? QueryStatus::ok : QueryStatus::error;
}

std::string_view to_string(QueryStatus s) {
  switch (s) {
    case QueryStatus::ok:
      return "ok";
    case QueryStatus::error:
      return "error";
    case QueryStatus::timeout:
      return "timeout";
    case QueryStatus::interrupted:
      return "interrupted";
    case QueryStatus::skipped:
      return "skipped";
  }
  return "?";
}

}  // namespace wfpredir
