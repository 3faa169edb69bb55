// StringPool: dense ids with 0 = "", one id per distinct text, and views that
// stay valid while the pool grows (rehashes, new blocks, oversized strings).
#include "core/model/string_pool.h"

#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

namespace kpi {
namespace {

TEST(StringPool, EmptyStringIsIdZero) {
  StringPool pool;
  EXPECT_EQ(pool.size(), 1u);
  EXPECT_EQ(pool.intern(""), kNoStr);
  EXPECT_EQ(pool.intern(std::string_view()), kNoStr);
  EXPECT_EQ(pool.find(""), kNoStr);
  EXPECT_EQ(pool.view(kNoStr), "");
  EXPECT_EQ(pool.size(), 1u);
}

TEST(StringPool, InternsSameTextOnce) {
  StringPool pool;
  const StrId anna = pool.intern("Anna");
  const StrId boris = pool.intern("Boris");
  EXPECT_EQ(anna, 1u);
  EXPECT_EQ(boris, 2u);
  // A different buffer with the same bytes gets the same id.
  const std::string copy = "Anna";
  EXPECT_EQ(pool.intern(copy), anna);
  EXPECT_EQ(pool.intern("\xD0\x90\xD0\xBD\xD0\xBD\xD0\xB0"), 3u);  // Анна
  EXPECT_EQ(pool.intern("anna"), 4u);                              // case matters
  EXPECT_EQ(pool.intern("Anna "), 5u);
  EXPECT_EQ(pool.intern(std::string_view("A\0b", 3)), 6u);
  EXPECT_EQ(pool.intern(std::string_view("A\0c", 3)), 7u);
  EXPECT_EQ(pool.size(), 8u);
  EXPECT_EQ(pool.view(anna), "Anna");
  EXPECT_EQ(pool.view(6), std::string_view("A\0b", 3));
}

TEST(StringPool, FindsPresentAndAbsent) {
  StringPool pool;
  const StrId won = pool.intern("won");
  EXPECT_EQ(pool.find("won"), won);
  EXPECT_EQ(pool.find("lost"), kNoStr);
  EXPECT_EQ(pool.find("wo"), kNoStr);
  EXPECT_EQ(pool.find("won "), kNoStr);
  EXPECT_EQ(pool.size(), 2u);  // find adds nothing
}

TEST(StringPool, ViewsSurviveGrowth) {
  StringPool pool;
  constexpr int kCount = 200000;
  std::vector<std::string_view> views;
  std::vector<StrId> ids;
  views.reserve(kCount + 1);
  auto text = [](int i) { return "deal-" + std::to_string(i) + (i % 7 == 0 ? "-with-a-longer-tail" : ""); };

  ids.push_back(pool.intern(text(0)));
  views.push_back(pool.view(ids.back()));
  const std::string big(20000, 'x');  // > 16 KiB: a block of its own
  const StrId big_id = pool.intern(big);
  const std::string_view big_view = pool.view(big_id);
  for (int i = 1; i < kCount; ++i) {
    ids.push_back(pool.intern(text(i)));
    views.push_back(pool.view(ids.back()));
    if (i == kCount / 2) {
      const std::string big2(70000, 'y');  // larger than a whole block
      EXPECT_EQ(pool.view(pool.intern(big2)), big2);
    }
  }
  EXPECT_EQ(pool.size(), static_cast<size_t>(kCount) + 3);
  for (int i = 0; i < kCount; ++i) {
    const std::string want = text(i);
    ASSERT_EQ(views[i], want) << i;                 // the old view still reads the same bytes
    ASSERT_EQ(views[i].data(), pool.view(ids[i]).data()) << i;  // and the bytes never moved
    ASSERT_EQ(pool.find(want), ids[i]) << i;
    ASSERT_EQ(pool.intern(want), ids[i]) << i;
  }
  EXPECT_EQ(big_view, big);
  EXPECT_EQ(big_view.data(), pool.view(big_id).data());
  EXPECT_EQ(pool.find(big), big_id);
  EXPECT_EQ(pool.find(std::string(70000, 'y')), static_cast<StrId>(kCount / 2 + 3));
  EXPECT_EQ(pool.find("deal-200000"), kNoStr);
  EXPECT_EQ(pool.size(), static_cast<size_t>(kCount) + 3);
  EXPECT_GT(pool.memory_bytes(), 200000u * 6);
}

TEST(StringPool, LongStringFirst) {
  StringPool pool;
  const std::string big(17 * 1024, 'z');
  const StrId big_id = pool.intern(big);
  const StrId a = pool.intern("a");
  const StrId b = pool.intern("b");
  EXPECT_EQ(pool.view(big_id), big);
  EXPECT_EQ(pool.view(a), "a");
  EXPECT_EQ(pool.view(b), "b");
  EXPECT_EQ(pool.find(big), big_id);
}

TEST(StringPool, MovedPoolKeepsViews) {
  StringPool pool;
  const StrId id = pool.intern("Qualification");
  const std::string_view v = pool.view(id);
  StringPool moved = std::move(pool);
  EXPECT_EQ(moved.view(id).data(), v.data());
  EXPECT_EQ(moved.find("Qualification"), id);
}

// Hashing takes 8 bytes per step: texts that differ only in the last word, the
// tail bytes or the length (a NUL tail) must still get ids of their own.
TEST(StringPool, TextsDifferingInOneWordOrTheTail) {
  StringPool pool;
  std::vector<std::string> texts;
  for (size_t len = 1; len <= 24; ++len) {
    for (char c : {'a', 'b'}) {
      std::string t(len, 'x');
      t.back() = c;
      texts.push_back(t);
    }
    texts.push_back(std::string(len - 1, 'x') + std::string(1, '\0'));
  }
  std::vector<StrId> ids;
  for (const std::string& t : texts) ids.push_back(pool.intern(t));
  for (size_t i = 0; i < texts.size(); ++i) {
    EXPECT_EQ(pool.find(texts[i]), ids[i]) << i;
    EXPECT_EQ(pool.view(ids[i]), texts[i]);
    for (size_t j = 0; j < i; ++j) EXPECT_NE(ids[i], ids[j]) << i << " " << j;
  }
  EXPECT_EQ(pool.size(), texts.size() + 1);
}

}  // namespace
}  // namespace kpi
