// Puts a finished clip on screen: into an AI Video Clip source found by
// name (its clip_path is set: it swaps to the new clip without a blank
// frame), or into a new one added to a named scene or the current scene.
// This is how GenerationService delivers a clip, including one resumed from
// the journal at start-up: a placement asked for before the scene
// collection has loaded (or while it is being switched) is kept and done
// once it has, so it lands in the source the collection holds by that name.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <functional>
#include <string>

namespace nemo::obs {

// UI THREAD ONLY (it uses the frontend API and edits scenes).
// - source_name names an AI Video Clip source: its clip is replaced (and
//   when scene_name names a scene without it, it is added there too);
// - otherwise a new AI Video Clip source is created, named source_name (if a
//   source of another kind has that name, or source_name is "": the first
//   free one of "<name>", "<name> 2", "<name> 3"..., <name> defaulting to
//   the localized "AI Video Clip"), and added, fitted to the canvas, to the
//   scene named scene_name (created when there is none by that name) or,
//   for "", to the current scene (the preview scene in Studio Mode).
// Returns the name of the source that shows the clip, "" on failure; while
// the placement waits for the scene collection, the name it asks for.
std::string place_clip(const std::string &clip_path, const std::string &scene_name,
                       const std::string &source_name);

// ANY THREAD: queues place_clip to the UI thread (obs_queue_task(OBS_TASK_UI))
// and returns at once; `done` (optional) then runs on the UI thread with
// place_clip's answer.
void place_clip_async(const std::string &clip_path, const std::string &scene_name,
                      const std::string &source_name,
                      std::function<void(const std::string &placed_name)> done = {});

// ANY THREAD: on the UI thread, adds clip_path to the queue of the AI Video
// Clip source named source_name (clip::enqueue_clip); `done` gets the name,
// "" when there is no such source.
void queue_clip_async(const std::string &clip_path, const std::string &source_name,
                      std::function<void(const std::string &queued_in)> done = {});

// Called by register_clip_source(): follows the frontend's scene collection
// loading so that early placements wait for it.
void register_scene_placement();

}  // namespace nemo::obs
