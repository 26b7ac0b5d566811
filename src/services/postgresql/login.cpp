#include "services/postgresql/login.h"

#include <fmt/format.h>

#include "services/postgresql/probe.h"
#include "services/postgresql/wire.h"
#include "services/probe_util.h"

namespace paicha::services::postgresql {

// ---- One login over the network ---------------------------------------------------------------

LoginOutcome outcome_for_sqlstate(std::string_view sqlstate) {
  if (sqlstate == "28P01") return LoginOutcome::rejected;
  if (sqlstate == "28000") return LoginOutcome::no_such_user;
  // too_many_connections, cannot_connect_now (starting up / shutting down / recovery),
  // admin_shutdown, crash_shutdown: the server is not accepting us right now.
  if (sqlstate == "53300" || sqlstate == "57P03" || sqlstate == "57P01" || sqlstate == "57P02")
    return LoginOutcome::blocked;
  return LoginOutcome::error;
}

namespace {

// Reads backend messages from one connection, one at a time.
class MessageReader {
 public:
  MessageReader(net::Connection& connection, net::Millis timeout)
      : connection_(connection), timeout_(timeout) {}

  // The next message, or nullopt with `why` set (timeout, EOF, garbage).
  asio::awaitable<std::optional<BackendMessage>> next(std::string& why) {
    if (consumed_ > 0) {
      buffer_.erase(0, consumed_);
      consumed_ = 0;
    }
    while (true) {
      BackendMessage message;
      size_t size = 0;
      switch (next_message(buffer_, message, size)) {
        case Frame::complete:
          consumed_ = size;
          co_return message;
        case Frame::invalid:
          why = "malformed backend message";
          co_return std::nullopt;
        case Frame::incomplete:
          break;
      }
      std::error_code ec;
      const size_t n = co_await connection_.read_some(buffer_, timeout_, ec);
      if (n == 0) {
        why = ec ? ec.message() : "connection closed";
        co_return std::nullopt;
      }
    }
  }

 private:
  net::Connection& connection_;
  net::Millis timeout_;
  std::string buffer_;
  size_t consumed_ = 0;
};

std::string auth_method_name(int32_t code) {
  switch (static_cast<AuthCode>(code)) {
    case AuthCode::ok:
      return "trust";
    case AuthCode::cleartext:
      return "password";
    case AuthCode::md5:
      return "md5";
    case AuthCode::kerberos_v5:
      return "krb5";
    case AuthCode::gss:
    case AuthCode::gss_continue:
      return "gss";
    case AuthCode::sspi:
      return "sspi";
    case AuthCode::sasl:
    case AuthCode::sasl_continue:
    case AuthCode::sasl_final:
      return "SCRAM-SHA-256";
  }
  return fmt::format("auth code {}", code);
}

// Completes a successful login: reads until ReadyForQuery or an ErrorResponse (for example a
// missing database, which PostgreSQL checks only after authentication), then says goodbye.
asio::awaitable<void> finish_session(net::Connection& connection, MessageReader& reader,
                                     net::Millis timeout, LoginReport& report) {
  std::string why;
  while (true) {
    auto message = co_await reader.next(why);
    if (!message) break;
    if (message->type == 'Z') {
      std::error_code ec;
      const std::string goodbye = terminate_message();
      co_await connection.write_all(goodbye, timeout, ec);
      break;
    }
    if (message->type == 'E') {
      if (auto error = parse_error_fields(message->body)) {
        report.sqlstate = error->sqlstate;
        report.result.detail = fmt::format("{} {}", error->sqlstate, error->message);
      }
      break;  // the server closes the session itself
    }
  }
}

}  // namespace

asio::awaitable<LoginReport> attempt_login(asio::ip::tcp::endpoint endpoint, LoginAttempt attempt,
                                           net::Millis timeout, asio::ssl::context* tls) {
  // GCC 12 mishandles temporaries inside co_await and co_return expressions, so every message
  // and result below is a named local.
  LoginReport report;
  auto fail = [&report](LoginOutcome outcome, std::string detail) {
    report.result.outcome = outcome;
    report.result.detail = std::move(detail);
  };
  std::error_code ec;
  std::unique_ptr<net::Connection> connection =
      co_await net::Connection::open(endpoint, timeout, ec);
  if (!connection) {
    fail(LoginOutcome::error, "connect: " + ec.message());
    co_return report;
  }

  if (attempt.tls != TlsMode::disable && tls != nullptr) {
    const std::string request = ssl_request();
    bool written = co_await connection->write_all(request, timeout, ec);
    std::string answer;
    if (written) co_await connection->read_some(answer, timeout, ec, 1);
    if (answer == "S") {
      report.tls_offered = true;
      bool secured = co_await connection->start_tls(*tls, timeout, ec);
      if (!secured) {
        connection->close();
        fail(LoginOutcome::error, "TLS handshake: " + ec.message());
        co_return report;
      }
      report.tls_used = true;
    } else if (answer == "N") {
      report.tls_offered = false;
      if (attempt.tls == TlsMode::require) {
        connection->close();
        fail(LoginOutcome::error, "the server does not offer TLS");
        co_return report;
      }
    } else {
      connection->close();
      if (answer.empty())
        fail(LoginOutcome::error, "SSLRequest: " + ec.message());
      else
        fail(LoginOutcome::error, "SSLRequest: unexpected answer " + clean_text(answer, 8));
      co_return report;
    }
  }

  const std::string startup = startup_message(attempt.user, attempt.database);
  bool sent = co_await connection->write_all(startup, timeout, ec);
  if (!sent) {
    connection->close();
    fail(LoginOutcome::error, "startup: " + ec.message());
    co_return report;
  }

  MessageReader reader(*connection, timeout);
  std::optional<ScramSha256> scram;
  bool server_signature_ok = true;
  std::string why;
  while (true) {
    std::optional<BackendMessage> message = co_await reader.next(why);
    if (!message) {
      connection->close();
      fail(LoginOutcome::error, why);
      co_return report;
    }
    if (message->type == 'E') {
      std::optional<ServerError> error = parse_error_fields(message->body);
      connection->close();
      if (!error) {
        fail(LoginOutcome::error, "malformed ErrorResponse");
      } else {
        report.sqlstate = error->sqlstate;
        fail(outcome_for_sqlstate(error->sqlstate), error->sqlstate + " " + error->message);
      }
      co_return report;
    }
    if (message->type == 'N' || message->type == 'v') continue;  // notice, protocol negotiation
    if (message->type != 'R') {
      connection->close();
      fail(LoginOutcome::error, "unexpected message '" +
                                    clean_text(std::string_view(&message->type, 1), 4) +
                                    "' during authentication");
      co_return report;
    }
    std::optional<AuthRequest> request = parse_auth_request(message->body);
    if (!request) {
      connection->close();
      fail(LoginOutcome::error, "malformed authentication request");
      co_return report;
    }
    const auto code = static_cast<AuthCode>(request->code);
    if (code == AuthCode::ok) {
      if (!server_signature_ok) {
        // SASLFinal was missing or carried a wrong server signature: the server did not prove
        // that it knows the password, so this "success" proves nothing.
        connection->close();
        fail(LoginOutcome::error, "SCRAM: the server signature does not verify");
        co_return report;
      }
      if (report.method.empty()) report.method = "trust";
      report.result.outcome = LoginOutcome::success;
      co_await finish_session(*connection, reader, timeout, report);
      connection->close();
      co_return report;
    }
    if (code != AuthCode::sasl_continue && code != AuthCode::sasl_final) {
      report.method = auth_method_name(request->code);
      report.password_requested = true;
    }
    if (!attempt.password) {
      // Closing instead of answering is legal here, and PostgreSQL logs no failed login for it
      // (psql does the same before prompting for a password).
      connection->close();
      fail(LoginOutcome::rejected, "password required (" + report.method + ")");
      co_return report;
    }
    const std::string& password = *attempt.password;
    std::string reply;
    std::string problem;
    switch (code) {
      case AuthCode::cleartext:
        reply = password_message(password);
        break;
      case AuthCode::md5:
        reply = password_message(md5_password_answer(attempt.user, password, request->data));
        break;
      case AuthCode::sasl: {
        bool has_scram = false;
        for (const auto& mechanism : request->mechanisms) has_scram |= mechanism == "SCRAM-SHA-256";
        if (!has_scram) {
          problem = "no supported SASL mechanism offered";
          break;
        }
        scram.emplace(password, scram_nonce());
        server_signature_ok = false;  // until SASLFinal proves the server knows the password
        reply = sasl_initial_response("SCRAM-SHA-256", scram->client_first());
        break;
      }
      case AuthCode::sasl_continue:
        if (!scram) {
          problem = "SASLContinue out of order";
        } else if (!scram->accept_server_first(request->data, problem)) {
          if (problem.empty()) problem = "SCRAM: bad server-first-message";
        } else {
          reply = sasl_response(scram->client_final());
        }
        break;
      case AuthCode::sasl_final:
        server_signature_ok = scram && scram->verify_server_final(request->data);
        break;
      default:
        problem = "unsupported authentication method " + report.method;
        break;
    }
    if (!problem.empty()) {
      connection->close();
      fail(LoginOutcome::error, problem);
      co_return report;
    }
    if (reply.empty()) continue;  // after SASLFinal: AuthenticationOk (or an error) follows
    bool answered = co_await connection->write_all(reply, timeout, ec);
    if (!answered) {
      connection->close();
      fail(LoginOutcome::error, "write: " + ec.message());
      co_return report;
    }
  }
}

}  // namespace paicha::services::postgresql
