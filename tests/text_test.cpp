// The text helpers' known answers: SHA-256 (nettle) of whole bytes and of bytes given in pieces.
#include <gtest/gtest.h>

#include <string>

#include "src/common/text.hpp"

namespace thidua::detail {
namespace {

// FIPS 180-2, appendix B.
constexpr const char* abc_hash = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
constexpr const char* empty_hash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

TEST(Sha256, KnownAnswers) {
  EXPECT_EQ(sha256_hex("abc"), abc_hash);
  EXPECT_EQ(sha256_hex(""), empty_hash);
  EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(Sha256, PiecesHashAsTheWhole) {
  std::string text;
  for (int i = 0; i < 1000; ++i) text += "thi đua, khen thưởng " + std::to_string(i) + "\n";
  Sha256 hash;
  for (std::size_t at = 0, step = 1; at < text.size(); at += step, step = step * 3 % 97 + 1)
    hash.update(std::string_view(text).substr(at, step));
  EXPECT_EQ(hash.hex(), sha256_hex(text));
}

TEST(Sha256, StartsOverAfterHex) {
  Sha256 hash;
  hash.update("abc");
  EXPECT_EQ(hash.hex(), abc_hash);
  EXPECT_EQ(hash.hex(), empty_hash);
  hash.update("abc");
  EXPECT_EQ(hash.hex(), abc_hash);
}

}  // namespace
}  // namespace thidua::detail
