// The file `thidua run -o` and `thidua report -o` write.
#pragma once

#include <fstream>
#include <string>
#include <thread>

namespace thidua::cli {

// An existing result is replaced by a new file, not truncated in place: truncating a large
// file waits for the file system to free its blocks, and on ext4 makes closing the new text
// wait for its blocks to be allocated (a 708 MB result: about 0.3 to 0.6 s of a 1.8 s run).
// The old file is renamed aside and removed on another thread while the new one is written.
// The new file keeps the old one's permission bits. A symbolic link, a file with other hard
// links, one owned by another user or group, or one whose directory cannot be written is
// written in place, as before.
class OutputFile {
 public:
  explicit OutputFile(const std::string& path);
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  std::ostream& stream() { return out_; }
  // Flushes the text to the file and waits for the old file's removal; false when the text
  // could not be written.
  bool finish();

 private:
  std::ofstream out_;
  std::jthread remover_;  // removes the old file, when one was renamed aside
};

}  // namespace thidua::cli
