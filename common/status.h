// Status and Result<T>: cheap error values in the style of leveldb::Status.
// Libraries that throw are wrapped at the edge and their errors become a
// Status; bad input never aborts a process.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace ink {

class [[nodiscard]] Status {
 public:
  enum class Code {
    kOk = 0,
    kNotFound,
    kInvalidArgument,  // Bad input: a document, a query, a config value.
    kCorruption,
    kIOError,
    kUnavailable,  // A peer or resource is not there (yet).
    kTooLarge,
    kInternal,
  };

  Status() = default;  // OK.
  static Status OK() { return Status(); }
  static Status NotFound(std::string_view m) { return {Code::kNotFound, m}; }
  static Status InvalidArgument(std::string_view m) {
    return {Code::kInvalidArgument, m};
  }
  static Status Corruption(std::string_view m) {
    return {Code::kCorruption, m};
  }
  static Status IOError(std::string_view m) { return {Code::kIOError, m}; }
  static Status Unavailable(std::string_view m) {
    return {Code::kUnavailable, m};
  }
  static Status TooLarge(std::string_view m) { return {Code::kTooLarge, m}; }
  static Status Internal(std::string_view m) { return {Code::kInternal, m}; }

  bool ok() const { return code_ == Code::kOk; }
  bool IsNotFound() const { return code_ == Code::kNotFound; }
  bool IsInvalidArgument() const { return code_ == Code::kInvalidArgument; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }

  // "InvalidArgument: <message>", or "OK".
  std::string ToString() const;

  // Returns a copy whose message is prefixed with `context: `.
  Status WithContext(std::string_view context) const;

 private:
  Status(Code code, std::string_view message)
      : code_(code), message_(message) {}
  Code code_ = Code::kOk;
  std::string message_;
};

// Either a value or a non-OK Status.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}         // NOLINT
  Result(Status status) : v_(std::move(status)) {}  // NOLINT: must not be OK.

  bool ok() const { return std::holds_alternative<T>(v_); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(v_);
  }
  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace ink

#define INK_CONCAT_INNER(a, b) a##b
#define INK_CONCAT(a, b) INK_CONCAT_INNER(a, b)

#define RETURN_IF_ERROR(expr)                  \
  do {                                         \
    ::ink::Status _ink_status = (expr);        \
    if (!_ink_status.ok()) return _ink_status; \
  } while (0)

// ASSIGN_OR_RETURN(auto x, MakeX()); x is the value on success.
#define ASSIGN_OR_RETURN(lhs, expr)                     \
  auto INK_CONCAT(_ink_result_, __LINE__) = (expr);     \
  if (!INK_CONCAT(_ink_result_, __LINE__).ok())         \
    return INK_CONCAT(_ink_result_, __LINE__).status(); \
  lhs = std::move(INK_CONCAT(_ink_result_, __LINE__)).value()
