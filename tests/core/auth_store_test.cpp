// SPDX-License-Identifier: GPL-2.0-or-later
#include "core/auth_store.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>

#include "media_fixtures.hpp"

namespace nemo::core {
namespace {

TEST(AuthStore, FirstRunMakesTheWholeFolderAndKeepsTheTokenPrivate) {
  test::TempDir dir;
  // A first run: neither the client folder nor its parents exist yet.
  AuthStore store(dir.path() + "/obs-nemo-video/client/offline");
  PersistedAuth saved;
  saved.client_id = "client-1";
  saved.token = "nmv_secret_token_value";
  saved.expires_at_ms = 1234;
  ASSERT_FALSE(store.save(saved));

  struct stat st {};
  ASSERT_EQ(::stat(store.path().c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  ASSERT_EQ(::stat((dir.path() + "/obs-nemo-video/client/offline").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0077, 0u) << "the client folder is the user's alone";

  const PersistedAuth loaded = AuthStore(dir.path() + "/obs-nemo-video/client/offline").load();
  EXPECT_EQ(loaded.client_id, "client-1");
  EXPECT_EQ(loaded.token, "nmv_secret_token_value");
  EXPECT_EQ(loaded.expires_at_ms, 1234);
}

TEST(AuthStore, TheBackendsThatTakeOnlyTheCamelCaseChatBodyAreKept) {
  test::TempDir dir;
  AuthStore store(dir.path() + "/client");
  PersistedAuth saved;
  saved.client_id = "client-1";
  saved.camel_case_chat = {"http://127.0.0.1:8000", "https://adk.example.com"};
  ASSERT_FALSE(store.save(saved));
  EXPECT_EQ(store.load().camel_case_chat, saved.camel_case_chat);
  // A file from before this field reads as none.
  saved.camel_case_chat.clear();
  ASSERT_FALSE(store.save(saved));
  EXPECT_TRUE(store.load().camel_case_chat.empty());
}

TEST(AuthStore, MemoryOnlyStoreWritesNothing) {
  AuthStore store("");
  EXPECT_EQ(store.path(), "");
  EXPECT_FALSE(store.save(PersistedAuth{}));
  EXPECT_TRUE(store.load().client_id.empty());
}

TEST(ParseExpiry, ReadsSecondsMillisecondsAndUtcTimestamps) {
  EXPECT_EQ(parse_expiry_ms(""), 0);
  EXPECT_EQ(parse_expiry_ms("1700000000"), 1700000000000LL);     // seconds
  EXPECT_EQ(parse_expiry_ms("1700000000123"), 1700000000123LL);  // milliseconds
  // 2026-12-03T16:40:00 UTC, with and without a fraction and zone.
  EXPECT_EQ(parse_expiry_ms("2026-12-03T16:40:00"), 1796316000000LL);
  EXPECT_EQ(parse_expiry_ms("2026-12-03T16:40:00.250Z"), 1796316000000LL);
  EXPECT_EQ(parse_expiry_ms("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(parse_expiry_ms("next tuesday"), 0);
}

}  // namespace
}  // namespace nemo::core
