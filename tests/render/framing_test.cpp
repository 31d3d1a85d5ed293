// Framing that keeps faces (render/subject, render/fit, render/motion): real
// photos with a real face put off-centre (the astronaut of scikit-image's
// samples over a mate-backgrounds photo), rendered 9:16 and 1:1 with camera
// moves; every output frame is searched for the face with another of
// OpenCV's models than the renderer's.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <gtest/gtest.h>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/objdetect.hpp>

#include "render/image_decode.hpp"
#include "render/renderer.hpp"
#include "render/subject.hpp"
#include "render_test_util.hpp"

namespace nemo::render {
namespace {

using test::TempDir;

// The checker's model: not the renderer's (alt2), so that the renderer's
// detector is not marking its own work.
constexpr const char *kCheckModel =
    "/usr/share/opencv4/haarcascades/haarcascade_frontalface_default.xml";

class Framing : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!test::have_ffmpeg()) GTEST_SKIP() << "no ffmpeg CLI";
    const std::string media = test::test_media_dir();
    face_ = media + "/faces/astronaut.png";
    const auto photos = test::list_files(media + "/photos", ".jpg");
    if (media.empty() || !test::file_exists(face_) || photos.empty())
      GTEST_SKIP() << "no test media: run ci/fetch-test-media.sh";
    photo_ = photos.front();
    if (!face_model_loaded()) GTEST_SKIP() << "no face model (opencv-data)";
    ASSERT_TRUE(checker_.load(kCheckModel)) << kCheckModel;
  }

  // A w x h picture: the photo, with the astronaut (scaled to `side`) at x, y.
  std::string compose(const std::string &name, int w, int h, int side, int x, int y) {
    const std::string out = dir_.file(name);
    EXPECT_TRUE(test::ffmpeg("-i \"" + photo_ + "\" -i \"" + face_ +
                             "\" -filter_complex \"[0]scale=" + std::to_string(w) + ":" +
                             std::to_string(h) + "[bg];[1]scale=" + std::to_string(side) + ":" +
                             std::to_string(side) + "[a];[bg][a]overlay=" + std::to_string(x) +
                             ":" + std::to_string(y) + "\" -q:v 2 \"" + out + "\""));
    return out;
  }

  // Two astronauts (each `side`) at x1 and x2, at the same height.
  std::string compose_two(const std::string &name, int side, int x1, int x2) {
    const std::string out = dir_.file(name);
    EXPECT_TRUE(test::ffmpeg(
        "-i \"" + photo_ + "\" -i \"" + face_ +
        "\" -filter_complex \"[0]scale=1920:1080[bg];[1]scale=" + std::to_string(side) + ":" +
        std::to_string(side) + ",split[a][b];[bg][a]overlay=" + std::to_string(x1) +
        ":300[ab];[ab][b]overlay=" + std::to_string(x2) + ":300\" -q:v 2 \"" + out + "\""));
    return out;
  }

  // Renders one picture for 2 s on a w x h canvas.
  std::string render(const std::string &picture, int w, int h, Motion::Type motion, bool framing,
                     const std::string &name, Fit fit = Fit::Crop) {
    RenderSpec spec;
    spec.canvas = Canvas{w, h, 30};
    spec.duration_ms = 2000;
    spec.frame_subjects = framing;
    VisualClip v;
    v.path = picture;
    v.end_ms = 2000;
    v.fit = fit;
    v.motion.type = motion;
    spec.visuals.push_back(v);
    RenderOptions opts;
    opts.low_priority = false;
    const std::string out = dir_.file(name);
    const auto err = render_to_file(spec, out, opts);
    EXPECT_FALSE(err) << (err ? err->message : "");
    return out;
  }

  // How many frames of `mp4` show a whole face (the checker finds one).
  int frames_with_a_face(const std::string &mp4, int &frames) {
    const auto decoded = test::decode_frames(mp4);
    frames = static_cast<int>(decoded.size());
    int with = 0;
    for (const auto &f : decoded) {
      cv::Mat y(f.height, f.width, CV_8UC1, const_cast<std::uint8_t *>(f.y.data()));
      std::vector<cv::Rect> faces;
      checker_.detectMultiScale(y, faces, 1.1, 4, 0, cv::Size(f.width / 10, f.width / 10));
      with += faces.empty() ? 0 : 1;
    }
    return with;
  }

  TempDir dir_;
  std::string face_, photo_;
  cv::CascadeClassifier checker_;
};

TEST_F(Framing, TheFaceOfAPhotoIsFoundWhereItIs) {
  const std::string left = compose("left.jpg", 1920, 1080, 700, 40, 300);
  DecodedPicture pic;
  ASSERT_FALSE(decode_image(left, pic));
  const Subject s = find_subject(pic.view, pic.orientation);
  ASSERT_EQ(s.kind, Subject::Kind::Faces);
  EXPECT_EQ(s.faces, 1);
  // The astronaut's face is in the upper middle of her picture: 40..740 x 300..1000.
  EXPECT_GT(s.box.x0, 40.0 / 1920);
  EXPECT_LT(s.box.x1, 740.0 / 1920);
  EXPECT_GT(s.box.y0, 300.0 / 1080);
  EXPECT_LT(s.box.y1, 1000.0 / 1080);

  DecodedPicture plain;
  ASSERT_FALSE(decode_image(photo_, plain));
  EXPECT_NE(find_subject(plain.view, plain.orientation).kind, Subject::Kind::Faces)
      << "a landscape has no face";
}

TEST_F(Framing, AnExifRotatedPhotoIsFramedAsItIsShown) {
  // Stored turned a quarter clockwise, tagged to be shown turned back
  // (EXIF orientation 8): displayed, the face is on the left.
  const std::string left = compose("left.jpg", 1920, 1080, 700, 40, 300);
  const std::string rotated = dir_.file("rotated.jpg");
  const std::string turned = dir_.file("turned.jpg");
  ASSERT_TRUE(test::ffmpeg("-i \"" + left + "\" -vf transpose=clock -q:v 2 \"" + turned + "\""));
  ASSERT_TRUE(test::tag_exif_orientation(turned, rotated, 8));
  DecodedPicture pic;
  ASSERT_FALSE(decode_image(rotated, pic));
  ASSERT_EQ(pic.orientation, 8);
  const Subject s = find_subject(pic.view, pic.orientation);
  ASSERT_EQ(s.kind, Subject::Kind::Faces);
  EXPECT_LT(s.box.x1, 740.0 / 1920);
  int frames = 0;
  EXPECT_EQ(
      frames_with_a_face(render(rotated, 540, 960, Motion::Type::None, true, "r.mp4"), frames),
      frames);
}

TEST_F(Framing, InAVerticalRenderTheFaceStaysInEveryFrameOfEveryMove) {
  // The face at the left edge of a landscape photo: a centred 9:16 crop
  // (the middle third) misses it.
  const std::string left = compose("left.jpg", 1920, 1080, 700, 40, 300);
  for (const Motion::Type m : {Motion::Type::None, Motion::Type::KenBurns, Motion::Type::ZoomIn,
                               Motion::Type::PanRight, Motion::Type::Drift}) {
    int frames = 0;
    const int with = frames_with_a_face(
        render(left, 540, 960, m, true, "v" + std::to_string(static_cast<int>(m)) + ".mp4"),
        frames);
    EXPECT_EQ(frames, 60);
    EXPECT_EQ(with, frames) << "motion " << static_cast<int>(m);
  }
  // The same without framing: the centred crop loses the face.
  int frames = 0;
  const int centred =
      frames_with_a_face(render(left, 540, 960, Motion::Type::KenBurns, false, "c.mp4"), frames);
  EXPECT_LT(centred, frames / 4);
}

TEST_F(Framing, InASquareRenderTheFaceStaysInEveryFrame) {
  // The face at the right, low in the picture.
  const std::string right = compose("right.jpg", 1920, 1080, 560, 1340, 500);
  for (const Motion::Type m : {Motion::Type::KenBurns, Motion::Type::PanLeft}) {
    int frames = 0;
    const int with = frames_with_a_face(
        render(right, 540, 540, m, true, "s" + std::to_string(static_cast<int>(m)) + ".mp4"),
        frames);
    EXPECT_EQ(with, frames) << "motion " << static_cast<int>(m);
  }
  int frames = 0;
  const int centred =
      frames_with_a_face(render(right, 540, 540, Motion::Type::PanLeft, false, "c.mp4"), frames);
  EXPECT_LT(centred, frames / 2);
}

// The automatic fit of a photo far from the canvas's shape (Fit::Smart): a
// crop around its faces where they fit, else the whole photo over a blur.
TEST_F(Framing, ASmartFitCropsAroundAFaceAndShowsALandscapeOrACrowdWhole) {
  const auto same = [](const std::string &a, const std::string &b) {
    const auto fa = test::decode_frames(a), fb = test::decode_frames(b);
    return !fa.empty() && fa.size() == fb.size() && fa.front().y == fb.front().y &&
           fa.back().y == fb.back().y;
  };
  const std::string left = compose("left.jpg", 1920, 1080, 700, 40, 300);
  const std::string smart = render(left, 540, 960, Motion::Type::None, true, "sm.mp4", Fit::Smart);
  EXPECT_TRUE(same(smart, render(left, 540, 960, Motion::Type::None, true, "cr.mp4", Fit::Crop)))
      << "one face: cropped around it";
  ASSERT_FALSE(
      same(smart, render(left, 540, 960, Motion::Type::None, true, "bf.mp4", Fit::BlurPad)))
      << "the check cannot tell a crop from a blur";
  int frames = 0;
  EXPECT_EQ(frames_with_a_face(smart, frames), frames);
  EXPECT_TRUE(same(render(photo_, 540, 960, Motion::Type::None, true, "sl.mp4", Fit::Smart),
                   render(photo_, 540, 960, Motion::Type::None, true, "bl.mp4", Fit::BlurPad)))
      << "a landscape without a face: shown whole";
  const std::string crowd = compose_two("two.jpg", 500, 60, 1360);
  EXPECT_TRUE(same(render(crowd, 540, 960, Motion::Type::None, true, "st.mp4", Fit::Smart),
                   render(crowd, 540, 960, Motion::Type::None, true, "bt.mp4", Fit::BlurPad)))
      << "two faces far apart: no 9:16 crop holds both";
  EXPECT_TRUE(same(render(left, 540, 960, Motion::Type::None, false, "sn.mp4", Fit::Smart),
                   render(left, 540, 960, Motion::Type::None, false, "bn.mp4", Fit::BlurPad)))
      << "without framing: shown whole, as before";
}

}  // namespace
}  // namespace nemo::render
