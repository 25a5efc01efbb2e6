// Fuzz target: `{name}` placeholders of interface strings (i18n::substitute). The input is
// a pattern, then NUL-separated name/value pairs.
#include <cstdint>
#include <map>

#include "fuzz_check.h"
#include "i18n/strings.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace ttdn;
  std::string_view input = fuzz::as_text(data, size);
  size_t nul = input.find('\0');
  std::string pattern(input.substr(0, nul));
  std::map<std::string, std::string> args;
  while (nul != std::string_view::npos) {
    input.remove_prefix(nul + 1);
    size_t sep = input.find('\0');
    std::string name(input.substr(0, sep));
    std::string value;
    if (sep != std::string_view::npos) {
      input.remove_prefix(sep + 1);
      nul = input.find('\0');
      value = input.substr(0, nul);
    } else {
      nul = std::string_view::npos;
    }
    args[name] = value;
  }
  std::string out = i18n::substitute(pattern, args);
  if (pattern.find('{') == std::string::npos) fuzz::check(out == pattern, "no placeholder: unchanged");
  if (args.empty()) fuzz::check(out == pattern, "no arguments: unchanged");
  // Values are inserted once, not re-expanded: the output is bounded.
  size_t longest = 0;
  for (const auto& [k, v] : args) longest = std::max(longest, v.size());
  fuzz::check(out.size() <= pattern.size() * (longest + 1), "output bounded");
  return 0;
}
