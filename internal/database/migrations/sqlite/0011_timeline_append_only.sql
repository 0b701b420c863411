-- A ticket's timeline (ticket_actions) is append-only, like the logs. See
-- the PostgreSQL migration for the design: the one change allowed is
-- erasure's, blanking the text of the actions of a ticket already marked
-- erased, every other column unchanged. A column added to ticket_actions
-- later must be added to the comparison below.
CREATE TRIGGER ticket_actions_no_update BEFORE UPDATE ON ticket_actions
WHEN NOT (NEW.text = ''
          AND NEW.id IS OLD.id AND NEW.ticket_id IS OLD.ticket_id AND NEW.at IS OLD.at
          AND NEW.actor_id IS OLD.actor_id AND NEW.actor_role IS OLD.actor_role AND NEW.kind IS OLD.kind
          AND NEW.from_status IS OLD.from_status AND NEW.to_status IS OLD.to_status
          AND NEW.institution_code IS OLD.institution_code AND NEW.channel IS OLD.channel
          AND NEW.questions_put IS OLD.questions_put AND NEW.questions_passed IS OLD.questions_passed
          AND NEW.consultation_ref IS OLD.consultation_ref
          AND EXISTS (SELECT 1 FROM tickets WHERE id = OLD.ticket_id AND erased_at IS NOT NULL))
BEGIN SELECT RAISE(ABORT, 'contactd: ticket_actions is append-only'); END;
CREATE TRIGGER ticket_actions_no_delete BEFORE DELETE ON ticket_actions BEGIN SELECT RAISE(ABORT, 'contactd: ticket_actions is append-only'); END;
