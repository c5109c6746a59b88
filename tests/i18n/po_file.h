// A small reader of gettext .po/.pot files for the catalog tests: enough of the format to
// compare msgids and translations without external tools.
#pragma once

#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace haven::testing {

struct PoEntry {
  std::string msgid;
  std::string msgid_plural;
  std::vector<std::string> msgstr;  // one per plural form, or one
  bool fuzzy = false;
};

struct PoFile {
  std::string header;  // the msgstr of the empty msgid
  std::vector<PoEntry> entries;
  // The header field `name` ("Plural-Forms"), without the trailing newline.
  std::string header_field(std::string const& name) const {
    std::istringstream lines(header);
    std::string line;
    while (std::getline(lines, line)) {
      if (line.rfind(name + ": ", 0) == 0) return line.substr(name.size() + 2);
    }
    return {};
  }
};

inline std::string unquote_po(std::string const& line) {
  auto first = line.find('"');
  auto last = line.rfind('"');
  if (first == std::string::npos || last == first) throw std::runtime_error("bad line: " + line);
  std::string out;
  for (auto i = first + 1; i < last; ++i) {
    if (line[i] != '\\') {
      out.push_back(line[i]);
      continue;
    }
    char c = line[++i];
    out.push_back(c == 'n' ? '\n' : c == 't' ? '\t' : c);
  }
  return out;
}

inline PoFile read_po(std::string const& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open " + path);
  PoFile file;
  PoEntry current;
  std::string* target = nullptr;
  bool in_entry = false;
  bool next_fuzzy = false;
  auto finish = [&] {
    if (!in_entry) return;
    if (current.msgid.empty()) {
      file.header = current.msgstr.empty() ? "" : current.msgstr[0];
    } else {
      file.entries.push_back(current);
    }
    current = PoEntry{};
    in_entry = false;
  };
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("#,", 0) == 0) {
      finish();
      next_fuzzy = line.find("fuzzy") != std::string::npos;
    } else if (line.rfind("msgid_plural ", 0) == 0) {
      current.msgid_plural = unquote_po(line);
      target = &current.msgid_plural;
    } else if (line.rfind("msgid ", 0) == 0) {
      finish();
      in_entry = true;
      current.fuzzy = next_fuzzy;
      next_fuzzy = false;
      current.msgid = unquote_po(line);
      target = &current.msgid;
    } else if (line.rfind("msgstr", 0) == 0) {
      current.msgstr.push_back(unquote_po(line));
      target = &current.msgstr.back();
    } else if (line.rfind("\"", 0) == 0 && target != nullptr) {
      *target += unquote_po(line);
    }
  }
  finish();
  return file;
}

}  // namespace haven::testing
