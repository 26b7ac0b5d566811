#pragma once
// Error types that map onto the documented exit status (DESIGN.md, "Contracts").
#include <stdexcept>
#include <string>

namespace paicha {

enum ExitCode : int {
  kExitOk = 0,            // ran cleanly
  kExitFindings = 1,      // ran, and found problems at or above --fail-on
  kExitUsage = 2,         // bad command line, target, port list or config
  kExitRuntime = 3,       // could not run (store unwritable, no resolver, ...)
  kExitInterrupted = 130  // stopped by Ctrl-C; the run can be resumed
};

// Bad user input: a target token, a port list, an option value, a config key.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A failure of the environment rather than of the input.
class RuntimeError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace paicha
