package access

import (
	"context"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"contactd/audit"
)

// NoticeVersion is the version of the staff notice's text (§16). Change it
// whenever the text changes in any language: every user must acknowledge
// the new text before working again.
const NoticeVersion = "2026-11-1"

// noticeAck is a user's acknowledgment of one version of the notice.
type noticeAck struct {
	bun.BaseModel `bun:"table:notice_acks"`

	UserID  int64     `bun:"user_id,pk"`
	Version string    `bun:"version,pk"`
	At      time.Time `bun:"at,notnull"`
}

// AcknowledgeNotice records that the session's user read and acknowledged
// the current notice, with its access-log entry; doing it again changes
// nothing.
func (s *Service) AcknowledgeNotice(ctx context.Context, sess Session) error {
	return s.db.RunInTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		ack := noticeAck{UserID: sess.UserID, Version: NoticeVersion, At: s.now()}
		res, err := tx.NewInsert().Model(&ack).On("CONFLICT DO NOTHING").Exec(ctx)
		if err != nil {
			return fmt.Errorf("access: acknowledge the notice: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		return audit.Record(ctx, tx, audit.Entry{Action: "notice_ack", Detail: "version=" + NoticeVersion})
	})
}
