// What the user's message asks for, decided before anything goes to the agent
// (plugin/protocol/PROTOCOL.md "Intent routing"): export, credits, status and
// upload are served by the client itself; everything else is a chat turn.
// English keywords match whole words only ("exporter" is not "export");
// Chinese keywords match anywhere. A message that also asks for an edit ("make
// a video I can download later", "把照片做成视频再导出") or negates the keyword
// ("don't export yet") is chat: export never goes to the agent, so routing an
// edit there would lose the edit.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <string_view>

namespace nemo::core {

enum class Intent { Export, Credits, Status, Upload, Chat };
Intent route_intent(std::string_view user_text);  // keywords: plugin/protocol/PROTOCOL.md

// "export", "credits", "status", "upload", "chat".
const char *intent_name(Intent intent);

}  // namespace nemo::core
