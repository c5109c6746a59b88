#include "storage/postgres/pg_connection.h"

#include <libpq-fe.h>

#include <charconv>
#include <string_view>

namespace haven::storage {

namespace {

// OIDs from pg_type.h (server headers are not installed; these never change).
constexpr Oid kInt2Oid = 21;
constexpr Oid kInt4Oid = 23;
constexpr Oid kInt8Oid = 20;
constexpr Oid kByteaOid = 17;

struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultDeleter>;

// Only SQLSTATE and the primary message: DETAIL may quote row values ("Key (x)=(...)").
Error pg_error(PGconn* conn, PGresult const* result, std::string_view what) {
  char const* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  char const* primary = result ? PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
  std::string_view sqlstate = state ? state : "";
  std::string detail = "postgresql ";
  detail += what;
  detail += ": ";
  detail += sqlstate.empty() ? "no sqlstate" : sqlstate;
  detail += " ";
  detail += primary ? primary : PQerrorMessage(conn);
  while (!detail.empty() && (detail.back() == '\n' || detail.back() == ' ')) detail.pop_back();
  ErrorCode code = ErrorCode::Internal;
  if (PQstatus(conn) != CONNECTION_OK || sqlstate.starts_with("08") || sqlstate.starts_with("53") ||
      sqlstate.starts_with("57P")) {
    code = ErrorCode::Unavailable;  // connection lost, server shutting down, out of resources
  } else if (sqlstate.starts_with("23") || sqlstate == "40001" || sqlstate == "40P01") {
    code = ErrorCode::Conflict;  // constraint, serialization failure, deadlock
  } else if (sqlstate.starts_with("22")) {
    code = ErrorCode::InvalidInput;  // data exception (bad encoding, out of range)
  } else if (sqlstate == "XX001" || sqlstate == "XX002") {
    code = ErrorCode::Corruption;
  }
  return make_error(code, std::move(detail));
}

SqlRow read_row(PGresult const* result, int row) {
  int columns = PQnfields(result);
  std::vector<SqlRow::Cell> cells;
  cells.reserve(static_cast<std::size_t>(columns));
  for (int c = 0; c < columns; ++c) {
    if (PQgetisnull(result, row, c)) {
      cells.emplace_back(std::monostate{});
      continue;
    }
    char const* text = PQgetvalue(result, row, c);
    std::size_t length = static_cast<std::size_t>(PQgetlength(result, row, c));
    Oid type = PQftype(result, c);
    if (type == kInt8Oid || type == kInt4Oid || type == kInt2Oid) {
      std::int64_t value = 0;
      std::from_chars(text, text + length, value);
      cells.emplace_back(value);
    } else if (type == kByteaOid) {
      std::size_t size = 0;
      unsigned char* bytes = PQunescapeBytea(reinterpret_cast<unsigned char const*>(text), &size);
      cells.emplace_back(std::string(reinterpret_cast<char const*>(bytes), size));
      PQfreemem(bytes);
    } else {
      cells.emplace_back(std::string(text, length));
    }
  }
  return SqlRow(std::move(cells));
}

// Parameters in libpq's arrays; strings for integers live in `storage`.
struct Params {
  std::vector<std::string> storage;
  std::vector<char const*> values;
  std::vector<int> lengths;
  std::vector<int> formats;

  explicit Params(std::span<SqlParam const> params) {
    storage.reserve(params.size());
    for (auto const& param : params) {
      std::visit(
          [&](auto const& value) {
            using T = std::decay_t<decltype(value)>;
            if constexpr (std::is_same_v<T, std::nullptr_t>) {
              add(nullptr, 0, 0);
            } else if constexpr (std::is_same_v<T, std::int64_t>) {
              storage.push_back(std::to_string(value));
              add(storage.back().c_str(), 0, 0);
            } else if constexpr (std::is_same_v<T, std::string_view>) {
              // Text format needs a NUL-terminated value; copy it.
              storage.emplace_back(value);
              add(storage.back().c_str(), 0, 0);
            } else {
              add(value.bytes.data() ? value.bytes.data() : "",
                  static_cast<int>(value.bytes.size()), 1);
            }
          },
          param);
    }
  }
  void add(char const* value, int length, int format) {
    values.push_back(value);
    lengths.push_back(length);
    formats.push_back(format);
  }
};

// libpq quotes pieces of a malformed URL in its messages; never let the password through.
std::string redact_password(std::string message, std::string_view url) {
  auto scheme = url.find("://");
  auto at = url.find('@');
  if (scheme == std::string_view::npos || at == std::string_view::npos || at < scheme) {
    return message;
  }
  auto userinfo = url.substr(scheme + 3, at - scheme - 3);
  auto colon = userinfo.find(':');
  if (colon == std::string_view::npos || colon + 1 == userinfo.size()) return message;
  std::string password(userinfo.substr(colon + 1));
  for (auto pos = message.find(password); pos != std::string::npos;
       pos = message.find(password, pos)) {
    message.replace(pos, password.size(), "***");
  }
  return message;
}

}  // namespace

Result<std::unique_ptr<PgConnection>> PgConnection::connect(PgConnectOptions const& options) {
  // libpq's minimum is 2 s; anything shorter is rounded up by libpq itself.
  std::string timeout = std::to_string(std::max<std::int64_t>(options.connect_timeout.count(), 1));
  char const* keywords[] = {"dbname", "connect_timeout", "application_name", "client_encoding",
                            nullptr};
  char const* values[] = {options.url.c_str(), timeout.c_str(), options.application_name.c_str(),
                          "UTF8", nullptr};
  PGconn* conn = PQconnectdbParams(keywords, values, /*expand_dbname=*/1);
  if (conn == nullptr) return make_error(ErrorCode::Unavailable, "postgresql: out of memory");
  std::unique_ptr<PgConnection> wrapped(new PgConnection(conn));
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string message = PQerrorMessage(conn);
    while (!message.empty() && message.back() == '\n') message.pop_back();
    return make_error(ErrorCode::Unavailable,
                      "postgresql connect: " + redact_password(std::move(message), options.url));
  }
  return wrapped;
}

PgConnection::~PgConnection() { PQfinish(conn_); }

bool PgConnection::is_broken() const { return PQstatus(conn_) != CONNECTION_OK; }

bool PgConnection::is_reusable() const {
  return !is_broken() && PQtransactionStatus(conn_) == PQTRANS_IDLE;
}

Result<void> PgConnection::reconnect() {
  prepared_.clear();
  PQreset(conn_);
  if (PQstatus(conn_) != CONNECTION_OK) {
    return make_error(ErrorCode::Unavailable, "postgresql reconnect failed");
  }
  return {};
}

Result<SqlResult> PgConnection::execute(Statement const& statement,
                                        std::span<SqlParam const> params) {
  std::string name(statement.name);
  if (!prepared_.contains(name)) {
    std::string sql(statement.sql);
    ResultPtr prepared(
        PQprepare(conn_, name.c_str(), sql.c_str(), static_cast<int>(params.size()), nullptr));
    if (PQresultStatus(prepared.get()) != PGRES_COMMAND_OK) {
      return pg_error(conn_, prepared.get(), "prepare " + name);
    }
    prepared_.insert(name);
  }
  Params bound(params);
  ResultPtr result(PQexecPrepared(conn_, name.c_str(), static_cast<int>(params.size()),
                                  bound.values.data(), bound.lengths.data(), bound.formats.data(),
                                  /*resultFormat=*/0));
  auto status = PQresultStatus(result.get());
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    return pg_error(conn_, result.get(), name);
  }
  SqlResult out;
  int rows = PQntuples(result.get());
  out.rows.reserve(static_cast<std::size_t>(rows));
  for (int r = 0; r < rows; ++r) out.rows.push_back(read_row(result.get(), r));
  std::string_view affected = PQcmdTuples(result.get());
  std::from_chars(affected.data(), affected.data() + affected.size(), out.affected_rows);
  return out;
}

Result<void> PgConnection::execute_script(std::string_view sql) {
  std::string text(sql);
  ResultPtr result(PQexec(conn_, text.c_str()));
  auto status = PQresultStatus(result.get());
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    return pg_error(conn_, result.get(), "script");
  }
  return {};
}

}  // namespace haven::storage
