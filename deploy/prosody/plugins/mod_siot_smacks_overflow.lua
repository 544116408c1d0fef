-- SiotThing: a hibernated session ends when its stream management queue is full, before
-- Prosody's mod_smacks would overwrite the oldest stanza in it.
--
-- Why: mod_smacks (0.12, and trunk as of 2026) keeps the stanzas it sent to a client and has not
-- had acknowledged in a ring of smacks_max_queue_size entries (util.smqueue over util.queue with
-- wrapping). While the client's connection is down the session hibernates and every stanza for it
-- goes into that ring; the 501st overwrites the oldest, which is then gone: no error to its sender,
-- no offline storage. The client's <resume/> is then refused (<failed/>, a resource-constraint
-- stream error) and the session is destroyed; only the last 500 are bounced or stored offline.
-- A flood from strangers while a thing is offline thus silently deleted a friend's request.
--
-- Ending the session when the ring is full, instead, hands every queued stanza to mod_smacks'
-- usual end of a session: messages go to offline storage (delivered at the next login), other
-- stanzas are answered with a recipient-unavailable error. Stanzas that arrive later find no
-- session, as for any client that is offline: messages are stored, IQ requests answered with
-- service-unavailable. The client's next <resume/> gets <failed><item-not-found/></failed> and it
-- binds a new session on the same connection.

local queue_size = module:get_option_number("smacks_max_queue_size", 500);

module:hook("smacks-hibernation-stanza-queued", function (event)
	local session = event.origin;
	local queue = session.outgoing_stanza_queue;
	-- Checked after each push: at the size the ring is full and nothing is overwritten yet.
	if session.destroyed or not queue or queue:count_unacked() < queue_size then
		return;
	end
	session.log("info", "Hibernated session's queue is full (%d stanzas): ending the session, so that none is overwritten", queue_size);
	-- Without a connection, close() destroys the session at once; mod_smacks bounces or stores
	-- what is queued (its pre-resource-unbind handler, the resumption token revoked first).
	session:close({ condition = "resource-constraint", text = "Too many stanzas queued while hibernating" });
end);
