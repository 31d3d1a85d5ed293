// SPDX-License-Identifier: GPL-2.0-or-later
#include "obs/dock/media_list_widget.hpp"

#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QImageReader>
#include <QKeyEvent>
#include <QLabel>
#include <QListWidget>
#include <QMimeData>
#include <QPointer>
#include <QPushButton>
#include <QStyle>
#include <QToolButton>
#include <QUrl>
#include <QVBoxLayout>

#include "core/upload_prepare.hpp"
#include "obs/dock/background_queue.hpp"
#include "obs/dock/dock_text.hpp"

namespace nemo::obs {
namespace {

constexpr int kPathRole = Qt::UserRole;
constexpr int kKindRole = Qt::UserRole + 1;
constexpr int kStateRole = Qt::UserRole + 2;
constexpr int kThumbSize = 40;

enum State { Checking = 0, Usable = 1, Rejected = 2 };

QImage make_thumbnail(const QString &path) {
  QImageReader reader(path);
  reader.setAutoTransform(true);
  const QSize size = reader.size();
  if (size.isValid() && !size.isEmpty()) {
    reader.setScaledSize(size.scaled(kThumbSize * 2, kThumbSize * 2, Qt::KeepAspectRatio));
  }
  return reader.read();
}

QString size_text(std::uint64_t bytes) {
  const double mb = static_cast<double>(bytes) / (1024.0 * 1024.0);
  if (mb >= 1.0) return QString::number(mb, 'f', 1) + QStringLiteral(" MB");
  return QString::number(static_cast<double>(bytes) / 1024.0, 'f', 0) + QStringLiteral(" KB");
}

const char *kind_key(DockMediaKind kind) {
  switch (kind) {
    case DockMediaKind::Image:
      return "Dock.Media.Image";
    case DockMediaKind::Video:
      return "Dock.Media.Video";
    case DockMediaKind::Audio:
      return "Dock.Media.Audio";
    case DockMediaKind::Unknown:
      break;
  }
  return "Dock.Media.Unknown";
}

QStringList local_files(const QMimeData *mime) {
  QStringList paths;
  if (!mime || !mime->hasUrls()) return paths;
  for (const QUrl &url : mime->urls()) {
    if (url.isLocalFile()) paths << url.toLocalFile();
  }
  return paths;
}

}  // namespace

MediaListWidget::MediaListWidget(QWidget *parent)
    : QWidget(parent), worker_(std::make_unique<BackgroundQueue>()) {
  list_ = new QListWidget(this);
  list_->setObjectName(QStringLiteral("nemo-media-list"));
  list_->setIconSize(QSize(kThumbSize, kThumbSize));
  list_->setSelectionMode(QAbstractItemView::ExtendedSelection);
  list_->setDragDropMode(QAbstractItemView::InternalMove);
  list_->setDefaultDropAction(Qt::MoveAction);
  list_->setWordWrap(true);
  list_->setTextElideMode(Qt::ElideMiddle);
  list_->setMinimumHeight(120);
  list_->setToolTip(tr_text("Dock.Media.DropHint"));
  // Said inside the empty list, where the files go.
  hint_ = new QLabel(tr_text("Dock.Media.DropHint"), list_->viewport());
  hint_->setAlignment(Qt::AlignCenter);
  hint_->setWordWrap(true);
  hint_->setEnabled(false);
  hint_->setAttribute(Qt::WA_TransparentForMouseEvents);
  auto *hint_layout = new QVBoxLayout(list_->viewport());
  hint_layout->addWidget(hint_);
  list_->viewport()->installEventFilter(this);
  list_->installEventFilter(this);
  setAcceptDrops(true);

  add_ = new QPushButton(tr_text("Dock.Media.Add"), this);
  add_->setToolTip(tr_text("Dock.Media.AddTip"));
  remove_ = new QToolButton(this);
  remove_->setIcon(style()->standardIcon(QStyle::SP_TrashIcon));
  remove_->setToolTip(tr_text("Dock.Media.Remove"));
  up_ = new QToolButton(this);
  up_->setArrowType(Qt::UpArrow);
  up_->setToolTip(tr_text("Dock.Media.Up"));
  down_ = new QToolButton(this);
  down_->setArrowType(Qt::DownArrow);
  down_->setToolTip(tr_text("Dock.Media.Down"));

  auto *buttons = new QHBoxLayout;
  buttons->setContentsMargins(0, 0, 0, 0);
  buttons->addWidget(add_);
  buttons->addStretch(1);
  buttons->addWidget(up_);
  buttons->addWidget(down_);
  buttons->addWidget(remove_);

  auto *layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addLayout(buttons);  // above the list: always in the same place
  layout->addWidget(list_, 1);

  connect(add_, &QPushButton::clicked, this, &MediaListWidget::browse);
  connect(remove_, &QToolButton::clicked, this, &MediaListWidget::remove_selected);
  connect(up_, &QToolButton::clicked, this, [this] { move_selected(-1); });
  connect(down_, &QToolButton::clicked, this, [this] { move_selected(1); });
  connect(list_, &QListWidget::itemSelectionChanged, this, &MediaListWidget::update_buttons);
  connect(list_->model(), &QAbstractItemModel::rowsMoved, this, &MediaListWidget::changed);
  update_buttons();
}

MediaListWidget::~MediaListWidget() {
  worker_->stop();  // no task may call back into a half-destroyed widget
}

int MediaListWidget::count() const {
  return list_->count();
}

QListWidgetItem *MediaListWidget::find(const QString &path) const {
  for (int i = 0; i < list_->count(); ++i) {
    if (list_->item(i)->data(kPathRole).toString() == path) return list_->item(i);
  }
  return nullptr;
}

void MediaListWidget::add_files(const QStringList &paths) {
  bool added = false;
  for (const QString &raw : paths) {
    const QString path = QFileInfo(raw).absoluteFilePath();
    if (path.isEmpty() || find(path)) continue;
    auto *item = new QListWidgetItem(QFileInfo(path).fileName() + QStringLiteral("\n") +
                                     tr_text("Dock.Media.Checking"));
    item->setData(kPathRole, path);
    item->setData(kStateRole, Checking);
    item->setToolTip(path);
    item->setIcon(style()->standardIcon(QStyle::SP_FileIcon));
    item->setFlags(item->flags() & ~Qt::ItemIsDropEnabled);
    list_->addItem(item);
    added = true;

    const std::string file = path.toStdString();
    const std::uint64_t limit = upload_limit_;
    QPointer<MediaListWidget> self(this);
    BackgroundQueue *worker = worker_.get();
    worker_->post([self, worker, path, file, limit] {
      const MediaCheckResult result = check_media_file(file, limit);
      QImage thumbnail;
      if (result.error_key.empty() && result.kind == DockMediaKind::Image && !worker->stopping()) {
        thumbnail = make_thumbnail(path);
      }
      // The widget joins this thread before it dies: `self` is alive here.
      QMetaObject::invokeMethod(
          self.data(),
          [self, path, result, thumbnail] {
            if (self) self->on_checked(path, result, thumbnail);
          },
          Qt::QueuedConnection);
    });
  }
  if (added) {
    update_buttons();
    Q_EMIT changed();
  }
}

void MediaListWidget::on_checked(const QString &path, const MediaCheckResult &result,
                                 const QImage &thumbnail) {
  QListWidgetItem *item = find(path);
  if (!item) return;  // removed meanwhile
  const QString name = QFileInfo(path).fileName();
  item->setData(kKindRole, static_cast<int>(result.kind));
  if (!result.error_key.empty()) {
    item->setData(kStateRole, Rejected);
    const QString reason = error_text(result.error_key);
    item->setText(name + QStringLiteral("\n") + reason);
    item->setToolTip(path + QStringLiteral("\n") + reason);
    item->setIcon(style()->standardIcon(QStyle::SP_MessageBoxWarning));
    item->setForeground(palette().brush(QPalette::Disabled, QPalette::Text));
  } else {
    item->setData(kStateRole, Usable);
    item->setText(name + QStringLiteral("\n") + tr_text(kind_key(result.kind)) +
                  QStringLiteral(" · ") + size_text(result.size));
    if (!thumbnail.isNull()) {
      item->setIcon(QIcon(QPixmap::fromImage(thumbnail)));
    } else if (result.kind == DockMediaKind::Audio) {
      item->setIcon(style()->standardIcon(QStyle::SP_MediaVolume));
    } else if (result.kind == DockMediaKind::Video) {
      item->setIcon(style()->standardIcon(QStyle::SP_MediaPlay));
    }
  }
  Q_EMIT changed();
}

MediaSelection MediaListWidget::selection() const {
  MediaSelection sel;
  for (int i = 0; i < list_->count(); ++i) {
    const QListWidgetItem *item = list_->item(i);
    const int state = item->data(kStateRole).toInt();
    if (state == Checking) {
      ++sel.pending;
      continue;
    }
    if (state == Rejected) {
      ++sel.rejected;
      continue;
    }
    const QString path = item->data(kPathRole).toString();
    sel.all << path;
    switch (static_cast<DockMediaKind>(item->data(kKindRole).toInt())) {
      case DockMediaKind::Image:
        sel.images << path;
        break;
      case DockMediaKind::Video:
        sel.videos << path;
        break;
      case DockMediaKind::Audio:
        if (sel.audio.isEmpty()) sel.audio = path;
        break;
      case DockMediaKind::Unknown:
        break;
    }
  }
  return sel;
}

void MediaListWidget::browse() {
  const QString filter = tr_text("Dock.Media.Filter") + QStringLiteral(" (") +
                         QString::fromUtf8(core::media_file_patterns()) + QStringLiteral(")");
  const QStringList paths =
      QFileDialog::getOpenFileNames(this, tr_text("Dock.Media.AddTitle"), QString(), filter);
  add_files(paths);
}

void MediaListWidget::remove_selected() {
  const auto selected = list_->selectedItems();
  if (selected.isEmpty()) return;
  for (QListWidgetItem *item : selected) delete item;
  update_buttons();
  Q_EMIT changed();
}

void MediaListWidget::move_selected(int delta) {
  const int row = list_->currentRow();
  const int target = row + delta;
  if (row < 0 || target < 0 || target >= list_->count()) return;
  QListWidgetItem *item = list_->takeItem(row);
  list_->insertItem(target, item);
  list_->setCurrentRow(target);
  Q_EMIT changed();
}

void MediaListWidget::update_buttons() {
  hint_->setVisible(list_->count() == 0);
  const bool any = !list_->selectedItems().isEmpty();
  remove_->setEnabled(any);
  up_->setEnabled(any && list_->count() > 1);
  down_->setEnabled(any && list_->count() > 1);
}

void MediaListWidget::dragEnterEvent(QDragEnterEvent *event) {
  if (!local_files(event->mimeData()).isEmpty()) event->acceptProposedAction();
}

void MediaListWidget::dragMoveEvent(QDragMoveEvent *event) {
  if (!local_files(event->mimeData()).isEmpty()) event->acceptProposedAction();
}

void MediaListWidget::dropEvent(QDropEvent *event) {
  const QStringList paths = local_files(event->mimeData());
  if (paths.isEmpty()) return;
  event->acceptProposedAction();
  add_files(paths);
}

bool MediaListWidget::eventFilter(QObject *watched, QEvent *event) {
  if (watched == list_ && event->type() == QEvent::KeyPress &&
      static_cast<QKeyEvent *>(event)->key() == Qt::Key_Delete) {
    remove_selected();
    return true;
  }
  if (watched != list_->viewport()) return QWidget::eventFilter(watched, event);
  // Files from outside (the file manager) are added; a drag inside the list
  // (reorder) is left to the list.
  switch (event->type()) {
    case QEvent::DragEnter:
    case QEvent::DragMove: {
      auto *drag = static_cast<QDragMoveEvent *>(event);
      if (drag->source() != list_ && !local_files(drag->mimeData()).isEmpty()) {
        drag->acceptProposedAction();
        return true;
      }
      break;
    }
    case QEvent::Drop: {
      auto *drop = static_cast<QDropEvent *>(event);
      if (drop->source() != list_) {
        const QStringList paths = local_files(drop->mimeData());
        if (!paths.isEmpty()) {
          drop->acceptProposedAction();
          add_files(paths);
          return true;
        }
      }
      break;
    }
    default:
      break;
  }
  return QWidget::eventFilter(watched, event);
}

}  // namespace nemo::obs
