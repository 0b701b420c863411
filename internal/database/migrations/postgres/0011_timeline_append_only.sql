-- A ticket's timeline (ticket_actions) is append-only, like the logs
-- (0004): no UPDATE, DELETE or TRUNCATE. What happened to a ticket, who did
-- it and when is the dossier's history (O1, O8); an agent, a bug or a
-- stray statement must not rewrite it.
--
-- The one exception is erasure's (O13, §17): once a ticket is marked
-- erased (tickets.erased_at), the text of its actions may be blanked, and
-- nothing else of them changed. The retention run and a citizen's erasure
-- mark the ticket first, in the same transaction (retention.eraseTickets);
-- the mark is itself the trace that the texts are gone, and why.
CREATE FUNCTION contactd_timeline_erasure() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.text = '' AND (to_jsonb(NEW) - 'text') = (to_jsonb(OLD) - 'text')
       AND EXISTS (SELECT 1 FROM tickets WHERE id = OLD.ticket_id AND erased_at IS NOT NULL) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'contactd: % is append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE TRIGGER ticket_actions_append_only BEFORE UPDATE ON ticket_actions FOR EACH ROW EXECUTE FUNCTION contactd_timeline_erasure();
CREATE TRIGGER ticket_actions_no_delete BEFORE DELETE ON ticket_actions FOR EACH ROW EXECUTE FUNCTION contactd_append_only();
CREATE TRIGGER ticket_actions_no_truncate BEFORE TRUNCATE ON ticket_actions FOR EACH STATEMENT EXECUTE FUNCTION contactd_append_only();
