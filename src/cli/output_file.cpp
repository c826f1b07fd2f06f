#include "src/cli/output_file.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>

namespace thidua::cli {

namespace {

// A hidden name beside `path` for its old file, unique to this process.
std::string aside_name(const std::string& path) {
  const std::filesystem::path p(path);
  std::string name = ".";
  name += p.filename().string();
  name += ".thidua-old-";
  name += std::to_string(::getpid());
  return (p.parent_path() / name).string();
}

}  // namespace

OutputFile::OutputFile(const std::string& path) {
  struct stat old {};
  const bool replaceable = ::lstat(path.c_str(), &old) == 0 && S_ISREG(old.st_mode) && old.st_nlink == 1 &&
                           old.st_uid == ::geteuid() && old.st_gid == ::getegid();
  if (replaceable) {
    const std::string aside = aside_name(path);
    if (std::rename(path.c_str(), aside.c_str()) == 0) {
      out_.open(path, std::ios::binary);
      struct stat made {};
      // The directory may give new files another group (set-group-ID): then not a replacement.
      if (out_ && ::chmod(path.c_str(), old.st_mode & 07777) == 0 && ::stat(path.c_str(), &made) == 0 &&
          made.st_uid == old.st_uid && made.st_gid == old.st_gid) {
        remover_ = std::jthread([aside] { ::unlink(aside.c_str()); });
        return;
      }
      // The new file cannot be made as the old one was: the old one goes back, and is written in place.
      out_.close();
      std::rename(aside.c_str(), path.c_str());
    }
  }
  out_.open(path, std::ios::binary);
}

bool OutputFile::finish() {
  const bool written = static_cast<bool>(out_.flush());
  if (remover_.joinable()) remover_.join();
  return written;
}

}  // namespace thidua::cli
