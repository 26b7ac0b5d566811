// Fuzzes the --creds file parser: any bytes must give a login list or a UsageError, nothing else.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <string>

#include "core/credentials.h"
#include "core/errors.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::string path = "/tmp/paicha-fuzz-creds-" + std::to_string(::getpid()) + ".yaml";
  if (FILE* f = std::fopen(path.c_str(), "wb")) {
    std::fwrite(data, 1, size, f);
    std::fclose(f);
  }
  paicha::CredentialStore store;
  try {
    store.load_file(path, nullptr);
    (void)store.find("redis", "127.0.0.1", 6379);
  } catch (const paicha::UsageError&) {
  }
  return 0;
}
