/* schema.c -- see include/returns/schema.h.
 *
 * Migrations are append-only: never edit one that has shipped; add the
 * next. Migration i brings user_version from i to i+1.
 */
#include <string.h>
#include <stdio.h>
#include <unistd.h>

#include "returns/schema.h"

static const char *const migrations[] = {
	/* 1: merchants, their users, sessions, login throttling, audit */
	"CREATE TABLE merchants ("
	"  id INTEGER PRIMARY KEY,"
	"  business_name TEXT NOT NULL,"
	"  lang TEXT NOT NULL CHECK (lang IN ('en','fr')),"
	"  tz TEXT NOT NULL,"
	"  created_at INTEGER NOT NULL"
	");"
	"CREATE TABLE users ("
	"  id INTEGER PRIMARY KEY,"
	"  merchant_id INTEGER NOT NULL REFERENCES merchants(id)"
	"    ON DELETE CASCADE,"
	"  email TEXT NOT NULL UNIQUE COLLATE NOCASE,"
	"  pw_hash TEXT NOT NULL,"
	"  created_at INTEGER NOT NULL,"
	"  pw_changed_at INTEGER NOT NULL"
	");"
	"CREATE INDEX users_merchant ON users(merchant_id);"
	"CREATE TABLE sessions ("
	"  idhash TEXT PRIMARY KEY,"
	"  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
	"  csrf TEXT NOT NULL,"
	"  created_at INTEGER NOT NULL,"
	"  seen_at INTEGER NOT NULL"
	") WITHOUT ROWID;"
	"CREATE INDEX sessions_user ON sessions(user_id);"
	"CREATE TABLE login_throttle ("
	"  key TEXT PRIMARY KEY,"
	"  failures INTEGER NOT NULL,"
	"  locked_until INTEGER NOT NULL"
	") WITHOUT ROWID;"
	"CREATE TABLE audit_log ("
	"  id INTEGER PRIMARY KEY,"
	"  merchant_id INTEGER REFERENCES merchants(id) ON DELETE CASCADE,"
	"  user_id INTEGER,"
	"  at INTEGER NOT NULL,"
	"  action TEXT NOT NULL,"
	"  detail TEXT NOT NULL DEFAULT ''"
	");"
	"CREATE INDEX audit_merchant ON audit_log(merchant_id, at);",

	/* 2: payment methods, return policies and their history */
	"CREATE TABLE cards ("
	"  id INTEGER PRIMARY KEY,"
	"  merchant_id INTEGER NOT NULL REFERENCES merchants(id)"
	"    ON DELETE CASCADE,"
	"  brand TEXT NOT NULL,"
	"  last4 TEXT NOT NULL CHECK (length(last4) = 4),"
	"  exp_month INTEGER NOT NULL CHECK (exp_month BETWEEN 1 AND 12),"
	"  exp_year INTEGER NOT NULL,"
	"  token TEXT NOT NULL,"
	"  is_default INTEGER NOT NULL DEFAULT 0,"
	"  created_at INTEGER NOT NULL"
	");"
	"CREATE INDEX cards_merchant ON cards(merchant_id);"
	"CREATE TABLE contracts ("
	"  merchant_id INTEGER PRIMARY KEY REFERENCES merchants(id)"
	"    ON DELETE CASCADE,"
	"  customer_number TEXT NOT NULL,"
	"  contract_number TEXT NOT NULL,"
	"  good_standing INTEGER NOT NULL DEFAULT 1,"
	"  updated_at INTEGER NOT NULL"
	");"
	"CREATE TABLE policies ("
	"  id INTEGER PRIMARY KEY,"
	"  merchant_id INTEGER NOT NULL REFERENCES merchants(id)"
	"    ON DELETE CASCADE,"
	"  number TEXT NOT NULL UNIQUE,"
	"  link_nonce TEXT NOT NULL,"
	"  link_hash TEXT NOT NULL UNIQUE,"
	"  name TEXT NOT NULL,"
	"  channel TEXT NOT NULL CHECK (channel IN"
	"    ('online', 'post_office', 'both')),"
	"  secure_labels INTEGER NOT NULL DEFAULT 0,"
	"  box_free INTEGER NOT NULL DEFAULT 0,"
	"  service TEXT NOT NULL CHECK (service IN"
	"    ('priority', 'xpresspost', 'expedited', 'regular')),"
	"  company TEXT NOT NULL, contact TEXT NOT NULL,"
	"  line1 TEXT NOT NULL, line2 TEXT NOT NULL DEFAULT '',"
	"  city TEXT NOT NULL, province TEXT NOT NULL, postal TEXT NOT NULL,"
	"  ra_required INTEGER NOT NULL DEFAULT 0,"
	"  order_q_en TEXT NOT NULL DEFAULT '',"
	"  order_q_fr TEXT NOT NULL DEFAULT '',"
	"  label_format TEXT NOT NULL CHECK (label_format IN ('letter', '4x6')),"
	"  instructions_en TEXT NOT NULL DEFAULT '',"
	"  instructions_fr TEXT NOT NULL DEFAULT '',"
	"  status TEXT NOT NULL CHECK (status IN"
	"    ('active', 'inactive', 'suspended', 'deleted')),"
	"  suspended_reason TEXT NOT NULL DEFAULT '',"
	"  created_at INTEGER NOT NULL,"
	"  updated_at INTEGER NOT NULL"
	");"
	"CREATE INDEX policies_merchant ON policies(merchant_id, status);"
	"CREATE TABLE policy_history ("
	"  id INTEGER PRIMARY KEY,"
	"  policy_id INTEGER NOT NULL REFERENCES policies(id) ON DELETE CASCADE,"
	"  user_id INTEGER,"
	"  actor TEXT NOT NULL,"
	"  at INTEGER NOT NULL,"
	"  action TEXT NOT NULL,"
	"  detail TEXT NOT NULL DEFAULT ''"
	");"
	"CREATE INDEX policy_history_policy ON policy_history(policy_id, at);",

	/* 3: return shipments (one per label) and the email outbox */
	"CREATE TABLE tracking_seq ("
	"  id INTEGER PRIMARY KEY CHECK (id = 1),"
	"  next INTEGER NOT NULL"
	");"
	"INSERT INTO tracking_seq VALUES (1, 1);"
	"CREATE TABLE shipments ("
	"  id INTEGER PRIMARY KEY,"
	"  merchant_id INTEGER NOT NULL REFERENCES merchants(id)"
	"    ON DELETE CASCADE,"
	"  policy_id INTEGER NOT NULL REFERENCES policies(id),"
	"  tracking TEXT NOT NULL UNIQUE,"
	"  dl_nonce TEXT NOT NULL,"
	"  dl_hash TEXT NOT NULL UNIQUE,"
	"  method TEXT NOT NULL CHECK (method IN ('label', 'qr')),"
	"  service TEXT NOT NULL,"
	"  status TEXT NOT NULL DEFAULT 'created' CHECK (status IN"
	"    ('created', 'accepted', 'in_transit', 'exception', 'delivered')),"
	"  lang TEXT NOT NULL,"
	"  name TEXT NOT NULL, line1 TEXT NOT NULL,"
	"  line2 TEXT NOT NULL DEFAULT '', city TEXT NOT NULL,"
	"  province TEXT NOT NULL, postal TEXT NOT NULL, email TEXT NOT NULL,"
	"  tracking_emails INTEGER NOT NULL DEFAULT 0,"
	"  ra_number TEXT NOT NULL DEFAULT '',"
	"  order_answer TEXT NOT NULL DEFAULT '',"
	"  weight_g INTEGER NOT NULL CHECK (weight_g > 0 AND weight_g < 30000),"
	"  created_at INTEGER NOT NULL,"
	"  expires_at INTEGER NOT NULL,"
	"  accepted_at INTEGER,"
	"  delivered_at INTEGER,"
	"  updated_at INTEGER NOT NULL"
	");"
	"CREATE INDEX shipments_merchant ON shipments(merchant_id, created_at);"
	"CREATE INDEX shipments_email ON shipments(email, created_at);"
	"CREATE TABLE outbox ("
	"  id INTEGER PRIMARY KEY,"
	"  merchant_id INTEGER REFERENCES merchants(id) ON DELETE CASCADE,"
	"  kind TEXT NOT NULL,"
	"  ref INTEGER,"
	"  to_addr TEXT NOT NULL,"
	"  lang TEXT NOT NULL,"
	"  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN"
	"    ('pending', 'sending', 'sent', 'failed')),"
	"  attempts INTEGER NOT NULL DEFAULT 0,"
	"  next_at INTEGER NOT NULL,"
	"  created_at INTEGER NOT NULL,"
	"  sent_at INTEGER,"
	"  last_error TEXT NOT NULL DEFAULT ''"
	");"
	"CREATE INDEX outbox_pending ON outbox(state, next_at);",

	/* 4: tracking events from the carrier feed */
	"CREATE TABLE tracking_events ("
	"  id INTEGER PRIMARY KEY,"
	"  event_id TEXT NOT NULL UNIQUE,"
	"  shipment_id INTEGER NOT NULL REFERENCES shipments(id)"
	"    ON DELETE CASCADE,"
	"  type TEXT NOT NULL CHECK (type IN"
	"    ('accepted', 'in_transit', 'exception', 'delivered')),"
	"  at INTEGER NOT NULL,"
	"  utc_offset INTEGER NOT NULL,"
	"  location TEXT NOT NULL DEFAULT '',"
	"  received_at INTEGER NOT NULL"
	");"
	"CREATE INDEX tracking_events_shipment ON tracking_events(shipment_id,"
	"  at);"
	"CREATE INDEX tracking_events_received ON tracking_events(received_at);"
	"CREATE INDEX shipments_delivered ON shipments(merchant_id,"
	"  delivered_at) WHERE delivered_at IS NOT NULL;"
	"CREATE INDEX shipments_status ON shipments(merchant_id, status);",

	/* 5: notification recipients; what the outbox sends about */
	"CREATE TABLE recipients ("
	"  id INTEGER PRIMARY KEY,"
	"  merchant_id INTEGER NOT NULL REFERENCES merchants(id)"
	"    ON DELETE CASCADE,"
	"  email TEXT NOT NULL COLLATE NOCASE,"
	"  lang TEXT NOT NULL CHECK (lang IN ('en', 'fr')),"
	"  on_accepted INTEGER NOT NULL DEFAULT 0,"
	"  on_exception INTEGER NOT NULL DEFAULT 0,"
	"  on_delivered INTEGER NOT NULL DEFAULT 0,"
	"  mode TEXT NOT NULL CHECK (mode IN ('each', 'daily')),"
	"  created_at INTEGER NOT NULL,"
	"  UNIQUE (merchant_id, email)"
	");"
	"ALTER TABLE outbox ADD COLUMN recipient_id INTEGER"
	"  REFERENCES recipients(id) ON DELETE CASCADE;"
	"ALTER TABLE outbox ADD COLUMN event TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE outbox ADD COLUMN day TEXT NOT NULL DEFAULT '';"
	"CREATE TABLE summary_runs ("
	"  recipient_id INTEGER NOT NULL REFERENCES recipients(id)"
	"    ON DELETE CASCADE,"
	"  day TEXT NOT NULL,"
	"  events INTEGER NOT NULL,"
	"  PRIMARY KEY (recipient_id, day)"
	") WITHOUT ROWID;",

	/* 6: the customer's form sent twice (a double click, a retry
	 * after a timeout) makes one return: a hash of the form's one-time
	 * value and of what was typed */
	"ALTER TABLE shipments ADD COLUMN form_key TEXT;"
	"CREATE UNIQUE INDEX shipments_form_key ON shipments(policy_id,"
	"  form_key) WHERE form_key IS NOT NULL;"
	/* the daily cap per email address counts A@x.ca as a@X.ca */
	"DROP INDEX shipments_email;"
	"CREATE INDEX shipments_email ON shipments(email COLLATE NOCASE,"
	"  created_at);",

	/* 7: the carrier (carrier.h): which one made a return and its
	 * reference, the carrier's own label stored once, label attempts
	 * recorded before the carrier is called, merchants' carrier
	 * accounts, registration tokens, the carrier's event descriptions,
	 * and the tracking poller's place */
	"ALTER TABLE shipments ADD COLUMN carrier TEXT NOT NULL"
	"  DEFAULT 'local';"
	"ALTER TABLE shipments ADD COLUMN carrier_ref TEXT NOT NULL"
	"  DEFAULT '';"
	"ALTER TABLE shipments ADD COLUMN polled_at INTEGER NOT NULL"
	"  DEFAULT 0;"
	"CREATE INDEX shipments_poll ON shipments(carrier, polled_at)"
	"  WHERE carrier <> 'local';"
	"CREATE TABLE label_files ("
	"  shipment_id INTEGER PRIMARY KEY REFERENCES shipments(id)"
	"    ON DELETE CASCADE,"
	"  pdf BLOB NOT NULL"
	");"
	"CREATE TABLE label_attempts ("
	"  id INTEGER PRIMARY KEY,"
	"  policy_id INTEGER NOT NULL REFERENCES policies(id),"
	"  form_key TEXT NOT NULL,"
	"  state TEXT NOT NULL CHECK (state IN ('pending', 'done', 'failed')),"
	"  started_at INTEGER NOT NULL,"
	"  shipment_id INTEGER REFERENCES shipments(id) ON DELETE CASCADE,"
	"  error TEXT NOT NULL DEFAULT '',"
	"  UNIQUE (policy_id, form_key)"
	");"
	"CREATE TABLE carrier_accounts ("
	"  merchant_id INTEGER PRIMARY KEY REFERENCES merchants(id)"
	"    ON DELETE CASCADE,"
	"  customer_number TEXT NOT NULL UNIQUE,"
	"  contract_number TEXT NOT NULL DEFAULT '',"
	"  api_key BLOB,"
	"  has_card INTEGER NOT NULL DEFAULT 0,"
	"  contract_good INTEGER NOT NULL DEFAULT 0,"
	"  checked_at INTEGER NOT NULL DEFAULT 0,"
	"  check_error TEXT NOT NULL DEFAULT '',"
	"  linked_at INTEGER NOT NULL"
	");"
	"CREATE TABLE carrier_reg ("
	"  token_hash TEXT PRIMARY KEY,"
	"  merchant_id INTEGER NOT NULL REFERENCES merchants(id)"
	"    ON DELETE CASCADE,"
	"  created_at INTEGER NOT NULL"
	") WITHOUT ROWID;"
	"CREATE TABLE carrier_state ("
	"  key TEXT PRIMARY KEY,"
	"  value INTEGER NOT NULL"
	") WITHOUT ROWID;"
	"ALTER TABLE tracking_events ADD COLUMN description TEXT NOT NULL"
	"  DEFAULT '';",

	/* 8: a contract is pending until billing staff (or the carrier)
	 * verify it, and a contract number is one merchant's at a time:
	 * contracts recorded before stay as they were (verified); of a
	 * number held twice, the oldest merchant's stays */
	"ALTER TABLE contracts ADD COLUMN verified INTEGER NOT NULL"
	"  DEFAULT 1;"
	"DELETE FROM contracts WHERE merchant_id NOT IN"
	"  (SELECT min(merchant_id) FROM contracts GROUP BY contract_number);"
	"CREATE UNIQUE INDEX contracts_number ON contracts(contract_number);",

	/* 9: the daily cap counts an address per merchant, with its +tag and
	 * dots left out (Victim+1@x.ca and v.ictim@x.ca are victim@x.ca);
	 * the last day's rows get the lower-case address */
	"ALTER TABLE shipments ADD COLUMN email_key TEXT NOT NULL DEFAULT '';"
	"UPDATE shipments SET email_key = lower(email)"
	"  WHERE created_at > CAST(strftime('%s', 'now') AS INTEGER) - 86400;"
	"CREATE INDEX shipments_email_key ON shipments(merchant_id, email_key,"
	"  created_at);",

	/* 10: log-in failures decay (last_at) and are counted per address
	 * and email together; password reset links (the token itself is
	 * derived from the server's secret and a nonce, and kept only as a
	 * hash); a test email is counted per merchant and hour; a policy's
	 * daily ceiling of labels */
	"DELETE FROM login_throttle;"
	"ALTER TABLE login_throttle ADD COLUMN last_at INTEGER NOT NULL"
	"  DEFAULT 0;"
	"CREATE TABLE password_resets ("
	"  id INTEGER PRIMARY KEY,"
	"  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
	"  nonce TEXT NOT NULL,"
	"  token_hash TEXT NOT NULL UNIQUE,"
	"  created_at INTEGER NOT NULL,"
	"  expires_at INTEGER NOT NULL,"
	"  used_at INTEGER,"
	"  purpose TEXT NOT NULL DEFAULT 'reset' CHECK (purpose IN"
	"    ('reset', 'confirm'))"
	");"
	"CREATE INDEX password_resets_user ON password_resets(user_id,"
	"  purpose, created_at);"
	/* a new merchant confirms the email address (a link in a first
	 * email) before logging in; accounts made before were confirmed */
	"ALTER TABLE users ADD COLUMN email_confirmed_at INTEGER;"
	"UPDATE users SET email_confirmed_at = created_at;"
	/* so does a notification recipient, before any other email; the
	 * link is derived from the secret key and confirm_nonce */
	"ALTER TABLE recipients ADD COLUMN confirmed_at INTEGER;"
	"ALTER TABLE recipients ADD COLUMN confirm_nonce TEXT NOT NULL"
	"  DEFAULT '';"
	"UPDATE recipients SET confirmed_at = created_at;"
	"CREATE INDEX outbox_merchant_kind ON outbox(merchant_id, kind,"
	"  created_at);"
	/* a policy's labels a day, at most (the merchant's choice), and
	 * when the merchant was last told the ceiling was reached */
	"ALTER TABLE policies ADD COLUMN daily_limit INTEGER NOT NULL"
	"  DEFAULT 500;"
	"ALTER TABLE policies ADD COLUMN limit_told_at INTEGER NOT NULL"
	"  DEFAULT 0;"
	"CREATE INDEX shipments_policy ON shipments(policy_id, created_at);",
	/* 11: the returns list without reading every return. The numbers
	 * of returns per merchant, policy and status, kept by the writes
	 * (triggers, so no writer can forget them); the words a merchant
	 * searches by (tracking, RA and order numbers, the customer's name,
	 * its last word, and email), lower-cased, for a search by their
	 * beginning from an index; the list's order under each filter
	 * straight from an index. */
	"CREATE TABLE return_counts ("
	"  merchant_id INTEGER NOT NULL,"
	"  policy_id INTEGER NOT NULL,"
	"  status TEXT NOT NULL,"
	"  n INTEGER NOT NULL,"
	"  PRIMARY KEY (merchant_id, policy_id, status)"
	") WITHOUT ROWID;"
	"INSERT INTO return_counts SELECT merchant_id, policy_id, status,"
	"  count(*) FROM shipments GROUP BY 1, 2, 3;"
	"CREATE TRIGGER return_counts_insert AFTER INSERT ON shipments BEGIN"
	"  INSERT INTO return_counts VALUES (new.merchant_id, new.policy_id,"
	"    new.status, 1) ON CONFLICT DO UPDATE SET n = n + 1;"
	"END;"
	"CREATE TRIGGER return_counts_delete AFTER DELETE ON shipments BEGIN"
	"  UPDATE return_counts SET n = n - 1 WHERE merchant_id ="
	"    old.merchant_id AND policy_id = old.policy_id"
	"    AND status = old.status;"
	"  DELETE FROM return_counts WHERE merchant_id = old.merchant_id"
	"    AND policy_id = old.policy_id AND status = old.status"
	"    AND n <= 0;"
	"END;"
	"CREATE TRIGGER return_counts_update AFTER UPDATE OF merchant_id,"
	"  policy_id, status ON shipments"
	"  WHEN old.merchant_id <> new.merchant_id"
	"    OR old.policy_id <> new.policy_id OR old.status <> new.status"
	"  BEGIN"
	"  UPDATE return_counts SET n = n - 1 WHERE merchant_id ="
	"    old.merchant_id AND policy_id = old.policy_id"
	"    AND status = old.status;"
	"  DELETE FROM return_counts WHERE merchant_id = old.merchant_id"
	"    AND policy_id = old.policy_id AND status = old.status"
	"    AND n <= 0;"
	"  INSERT INTO return_counts VALUES (new.merchant_id, new.policy_id,"
	"    new.status, 1) ON CONFLICT DO UPDATE SET n = n + 1;"
	"END;"
	"CREATE TABLE return_terms ("
	"  shipment_id INTEGER NOT NULL,"
	"  term TEXT NOT NULL,"
	"  merchant_id INTEGER NOT NULL,"
	"  PRIMARY KEY (shipment_id, term)"
	") WITHOUT ROWID;"
	"CREATE INDEX return_terms_term ON return_terms(merchant_id, term);"
	"CREATE VIEW return_terms_of AS"
	"  SELECT id AS shipment_id, merchant_id, lower(tracking) AS term"
	"    FROM shipments"
	"  UNION SELECT id, merchant_id, lower(ra_number) FROM shipments"
	"  UNION SELECT id, merchant_id, lower(order_answer) FROM shipments"
	"  UNION SELECT id, merchant_id, lower(trim(name)) FROM shipments"
	"  UNION SELECT id, merchant_id, lower(replace(trim(name),"
	"    rtrim(trim(name), replace(trim(name), ' ', '')), ''))"
	"    FROM shipments"
	"  UNION SELECT id, merchant_id, lower(email) FROM shipments;"
	"INSERT INTO return_terms (shipment_id, term, merchant_id)"
	"  SELECT shipment_id, term, merchant_id FROM return_terms_of"
	"  WHERE term <> '';"
	"CREATE TRIGGER return_terms_insert AFTER INSERT ON shipments BEGIN"
	"  INSERT OR IGNORE INTO return_terms (shipment_id, term, merchant_id)"
	"    SELECT new.id, t, new.merchant_id FROM ("
	"      SELECT lower(new.tracking) AS t"
	"      UNION SELECT lower(new.ra_number)"
	"      UNION SELECT lower(new.order_answer)"
	"      UNION SELECT lower(trim(new.name))"
	"      UNION SELECT lower(replace(trim(new.name), rtrim(trim(new.name),"
	"        replace(trim(new.name), ' ', '')), ''))"
	"      UNION SELECT lower(new.email)) WHERE t <> '';"
	"END;"
	"CREATE TRIGGER return_terms_update AFTER UPDATE OF tracking,"
	"  ra_number, order_answer, name, email, merchant_id ON shipments"
	"  BEGIN"
	"  DELETE FROM return_terms WHERE shipment_id = old.id;"
	"  INSERT OR IGNORE INTO return_terms (shipment_id, term, merchant_id)"
	"    SELECT new.id, t, new.merchant_id FROM ("
	"      SELECT lower(new.tracking) AS t"
	"      UNION SELECT lower(new.ra_number)"
	"      UNION SELECT lower(new.order_answer)"
	"      UNION SELECT lower(trim(new.name))"
	"      UNION SELECT lower(replace(trim(new.name), rtrim(trim(new.name),"
	"        replace(trim(new.name), ' ', '')), ''))"
	"      UNION SELECT lower(new.email)) WHERE t <> '';"
	"END;"
	"CREATE TRIGGER return_terms_delete AFTER DELETE ON shipments BEGIN"
	"  DELETE FROM return_terms WHERE shipment_id = old.id;"
	"END;"
	"DROP INDEX shipments_status;"
	"CREATE INDEX shipments_list_status ON shipments(merchant_id, status,"
	"  created_at);"
	"CREATE INDEX shipments_list_policy ON shipments(merchant_id,"
	"  policy_id, created_at);"
	/* when the merchant's latest tracking data arrived and how many
	 * events came, kept by the writes (the Returns tab says how fresh
	 * its figures are, and keeps its transit times until an event) */
	"ALTER TABLE merchants ADD COLUMN tracking_at INTEGER NOT NULL"
	"  DEFAULT 0;"
	"ALTER TABLE merchants ADD COLUMN tracking_n INTEGER NOT NULL"
	"  DEFAULT 0;"
	"UPDATE merchants SET tracking_at = coalesce((SELECT"
	"  max(e.received_at) FROM tracking_events e JOIN shipments s"
	"  ON s.id = e.shipment_id WHERE s.merchant_id = merchants.id), 0);"
	"CREATE TRIGGER merchants_tracking_at AFTER INSERT ON tracking_events"
	"  BEGIN"
	"  UPDATE merchants SET tracking_at = max(tracking_at,"
	"    new.received_at), tracking_n = tracking_n + 1 WHERE id ="
	"    (SELECT merchant_id FROM shipments WHERE id = new.shipment_id);"
	"END;"
	/* a policy's labels per hour, kept by the writes: its daily
	 * ceiling sums the last 24 hours' rows instead of counting labels;
	 * rows two days old go as new ones come */
	"CREATE TABLE policy_hours ("
	"  policy_id INTEGER NOT NULL,"
	"  hour INTEGER NOT NULL,"
	"  n INTEGER NOT NULL,"
	"  PRIMARY KEY (policy_id, hour)"
	") WITHOUT ROWID;"
	"INSERT INTO policy_hours SELECT policy_id, created_at / 3600,"
	"  count(*) FROM shipments WHERE created_at >="
	"  CAST(strftime('%s', 'now') AS INTEGER) - 48 * 3600 GROUP BY 1, 2;"
	"CREATE TRIGGER policy_hours_insert AFTER INSERT ON shipments BEGIN"
	"  INSERT INTO policy_hours VALUES (new.policy_id,"
	"    new.created_at / 3600, 1) ON CONFLICT DO UPDATE SET n = n + 1;"
	"  DELETE FROM policy_hours WHERE policy_id = new.policy_id"
	"    AND hour < new.created_at / 3600 - 48;"
	"END;",

	/* 12: two indexes fewer to write with every label: the address
	 * (the daily cap reads email_key; the search, return_terms) and
	 * (merchant, policy, date), which says no more than (policy, date)
	 * since a policy has one merchant */
	"DROP INDEX shipments_email;"
	"DROP INDEX shipments_list_policy;",

	/* 13: a recipient may choose to hear of each label created */
	"ALTER TABLE recipients ADD COLUMN on_created INTEGER NOT NULL"
	"  DEFAULT 0;",

	/* 14: the weight a label says when the customer does not know it */
	"ALTER TABLE policies ADD COLUMN default_weight_g INTEGER NOT NULL"
	"  DEFAULT 1000 CHECK (default_weight_g > 0"
	"  AND default_weight_g < 30000);",
	/* 15: the search ignores accents: the terms are folded (é -> e,
	 * ç -> c, œ -> oe ...) in upper and lower case, since SQLite's
	 * lower() changes only ASCII letters; reports.c folds the query the
	 * same way. A few replace() at a time, each in its own sub-select:
	 * all of them in one expression is deeper than SQLite's parser
	 * allows. */
	"DROP TRIGGER return_terms_insert; DROP TRIGGER"
	" return_terms_update; DROP VIEW return_terms_of; CREATE VIEW"
	" return_terms_of AS SELECT shipment_id, merchant_id,"
	" replace(term, 'ß', 'ss') AS term FROM (SELECT shipment_id,"
	" merchant_id,"
	" replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(term,"
	" 'Ú', 'u'), 'Ù', 'u'), 'Û', 'u'), 'Ü', 'u'), 'ý', 'y'), 'ÿ',"
	" 'y'), 'Ý', 'y'), 'Ÿ', 'y'), 'œ', 'oe'), 'Œ', 'oe'), 'æ',"
	" 'ae'), 'Æ', 'ae') AS term FROM (SELECT shipment_id,"
	" merchant_id,"
	" replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(term,"
	" 'õ', 'o'), 'ø', 'o'), 'Ó', 'o'), 'Ò', 'o'), 'Ô', 'o'), 'Ö',"
	" 'o'), 'Õ', 'o'), 'Ø', 'o'), 'ú', 'u'), 'ù', 'u'), 'û', 'u'),"
	" 'ü', 'u') AS term FROM (SELECT shipment_id, merchant_id,"
	" replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(term,"
	" 'î', 'i'), 'ï', 'i'), 'Í', 'i'), 'Ì', 'i'), 'Î', 'i'), 'Ï',"
	" 'i'), 'ñ', 'n'), 'Ñ', 'n'), 'ó', 'o'), 'ò', 'o'), 'ô', 'o'),"
	" 'ö', 'o') AS term FROM (SELECT shipment_id, merchant_id,"
	" replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(term,"
	" 'ç', 'c'), 'Ç', 'c'), 'é', 'e'), 'è', 'e'), 'ê', 'e'), 'ë',"
	" 'e'), 'É', 'e'), 'È', 'e'), 'Ê', 'e'), 'Ë', 'e'), 'í', 'i'),"
	" 'ì', 'i') AS term FROM (SELECT shipment_id, merchant_id,"
	" replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(term,"
	" 'à', 'a'), 'á', 'a'), 'â', 'a'), 'ä', 'a'), 'ã', 'a'), 'å',"
	" 'a'), 'À', 'a'), 'Á', 'a'), 'Â', 'a'), 'Ä', 'a'), 'Ã', 'a'),"
	" 'Å', 'a') AS term FROM (SELECT id AS shipment_id,"
	" merchant_id, lower(tracking) AS term FROM shipments UNION"
	" SELECT id, merchant_id, lower(ra_number) FROM shipments UNION"
	" SELECT id, merchant_id, lower(order_answer) FROM shipments"
	" UNION SELECT id, merchant_id, lower(trim(name)) FROM"
	" shipments UNION SELECT id, merchant_id,"
	" lower(replace(trim(name), rtrim(trim(name),"
	" replace(trim(name), ' ', '')), '')) FROM shipments UNION"
	" SELECT id, merchant_id, lower(email) FROM shipments))))));"
	" CREATE TRIGGER return_terms_insert AFTER INSERT ON shipments"
	" BEGIN INSERT OR IGNORE INTO return_terms (shipment_id, term,"
	" merchant_id) SELECT DISTINCT new.id, t, new.merchant_id FROM"
	" (SELECT replace(t, 'ß', 'ss') AS t FROM (SELECT"
	" replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(t,"
	" 'Ú', 'u'), 'Ù', 'u'), 'Û', 'u'), 'Ü', 'u'), 'ý', 'y'), 'ÿ',"
	" 'y'), 'Ý', 'y'), 'Ÿ', 'y'), 'œ', 'oe'), 'Œ', 'oe'), 'æ',"
	" 'ae'), 'Æ', 'ae') AS t FROM (SELECT"
	" replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(t,"
	" 'õ', 'o'), 'ø', 'o'), 'Ó', 'o'), 'Ò', 'o'), 'Ô', 'o'), 'Ö',"
	" 'o'), 'Õ', 'o'), 'Ø', 'o'), 'ú', 'u'), 'ù', 'u'), 'û', 'u'),"
	" 'ü', 'u') AS t FROM (SELECT"
	" replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(t,"
	" 'î', 'i'), 'ï', 'i'), 'Í', 'i'), 'Ì', 'i'), 'Î', 'i'), 'Ï',"
	" 'i'), 'ñ', 'n'), 'Ñ', 'n'), 'ó', 'o'), 'ò', 'o'), 'ô', 'o'),"
	" 'ö', 'o') AS t FROM (SELECT"
	" replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(t,"
	" 'ç', 'c'), 'Ç', 'c'), 'é', 'e'), 'è', 'e'), 'ê', 'e'), 'ë',"
	" 'e'), 'É', 'e'), 'È', 'e'), 'Ê', 'e'), 'Ë', 'e'), 'í', 'i'),"
	" 'ì', 'i') AS t FROM (SELECT"
	" replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(t,"
	" 'à', 'a'), 'á', 'a'), 'â', 'a'), 'ä', 'a'), 'ã', 'a'), 'å',"
	" 'a'), 'À', 'a'), 'Á', 'a'), 'Â', 'a'), 'Ä', 'a'), 'Ã', 'a'),"
	" 'Å', 'a') AS t FROM (SELECT lower(new.tracking) AS t UNION"
	" SELECT lower(new.ra_number) UNION SELECT"
	" lower(new.order_answer) UNION SELECT lower(trim(new.name))"
	" UNION SELECT lower(replace(trim(new.name),"
	" rtrim(trim(new.name), replace(trim(new.name), ' ', '')), ''))"
	" UNION SELECT lower(new.email)))))))) WHERE t <> ''; END;"
	" CREATE TRIGGER return_terms_update AFTER UPDATE OF tracking,"
	" ra_number, order_answer, name, email, merchant_id ON"
	" shipments BEGIN DELETE FROM return_terms WHERE shipment_id ="
	" old.id; INSERT OR IGNORE INTO return_terms (shipment_id,"
	" term, merchant_id) SELECT DISTINCT new.id, t, new.merchant_id"
	" FROM (SELECT replace(t, 'ß', 'ss') AS t FROM (SELECT"
	" replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(t,"
	" 'Ú', 'u'), 'Ù', 'u'), 'Û', 'u'), 'Ü', 'u'), 'ý', 'y'), 'ÿ',"
	" 'y'), 'Ý', 'y'), 'Ÿ', 'y'), 'œ', 'oe'), 'Œ', 'oe'), 'æ',"
	" 'ae'), 'Æ', 'ae') AS t FROM (SELECT"
	" replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(t,"
	" 'õ', 'o'), 'ø', 'o'), 'Ó', 'o'), 'Ò', 'o'), 'Ô', 'o'), 'Ö',"
	" 'o'), 'Õ', 'o'), 'Ø', 'o'), 'ú', 'u'), 'ù', 'u'), 'û', 'u'),"
	" 'ü', 'u') AS t FROM (SELECT"
	" replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(t,"
	" 'î', 'i'), 'ï', 'i'), 'Í', 'i'), 'Ì', 'i'), 'Î', 'i'), 'Ï',"
	" 'i'), 'ñ', 'n'), 'Ñ', 'n'), 'ó', 'o'), 'ò', 'o'), 'ô', 'o'),"
	" 'ö', 'o') AS t FROM (SELECT"
	" replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(t,"
	" 'ç', 'c'), 'Ç', 'c'), 'é', 'e'), 'è', 'e'), 'ê', 'e'), 'ë',"
	" 'e'), 'É', 'e'), 'È', 'e'), 'Ê', 'e'), 'Ë', 'e'), 'í', 'i'),"
	" 'ì', 'i') AS t FROM (SELECT"
	" replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(t,"
	" 'à', 'a'), 'á', 'a'), 'â', 'a'), 'ä', 'a'), 'ã', 'a'), 'å',"
	" 'a'), 'À', 'a'), 'Á', 'a'), 'Â', 'a'), 'Ä', 'a'), 'Ã', 'a'),"
	" 'Å', 'a') AS t FROM (SELECT lower(new.tracking) AS t UNION"
	" SELECT lower(new.ra_number) UNION SELECT"
	" lower(new.order_answer) UNION SELECT lower(trim(new.name))"
	" UNION SELECT lower(replace(trim(new.name),"
	" rtrim(trim(new.name), replace(trim(new.name), ' ', '')), ''))"
	" UNION SELECT lower(new.email)))))))) WHERE t <> ''; END;"
	" DELETE FROM return_terms; INSERT OR IGNORE INTO return_terms"
	" (shipment_id, term, merchant_id) SELECT shipment_id, term,"
	" merchant_id FROM return_terms_of WHERE term <> '';",

	/* 16: how the merchant's customers reach the shop: shown on the
	 * customer's pages, and the Reply-To of their emails */
	"ALTER TABLE merchants ADD COLUMN support_email TEXT NOT NULL"
	"  DEFAULT '';"
	"ALTER TABLE merchants ADD COLUMN support_phone TEXT NOT NULL"
	"  DEFAULT '';",

	/* 17: why the customer returns it (a reason of RETURN_REASONS and
	 * their words), and the reasons counted per merchant and day, kept by
	 * the writes (the Returns tab's chart reads a year of them) */
	"ALTER TABLE shipments ADD COLUMN reason TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE shipments ADD COLUMN reason_text TEXT NOT NULL"
	"  DEFAULT '';"
	"CREATE TABLE reason_counts ("
	"  merchant_id INTEGER NOT NULL,"
	"  day INTEGER NOT NULL,"
	"  reason TEXT NOT NULL,"
	"  n INTEGER NOT NULL,"
	"  PRIMARY KEY (merchant_id, day, reason)"
	") WITHOUT ROWID;"
	"CREATE TRIGGER reason_counts_insert AFTER INSERT ON shipments"
	"  WHEN new.reason <> '' BEGIN"
	"  INSERT INTO reason_counts VALUES (new.merchant_id,"
	"    new.created_at / 86400, new.reason, 1)"
	"    ON CONFLICT DO UPDATE SET n = n + 1;"
	"END;"
	"CREATE TRIGGER reason_counts_delete AFTER DELETE ON shipments"
	"  WHEN old.reason <> '' BEGIN"
	"  UPDATE reason_counts SET n = n - 1 WHERE merchant_id ="
	"    old.merchant_id AND day = old.created_at / 86400"
	"    AND reason = old.reason;"
	"END;",
	/* 18: what the background jobs last did, for `returnsctl status`:
	 * notifier (sending or paused, and why), billing (the daily check),
	 * poll (the carrier's tracking), import (a file or the feed) */
	"CREATE TABLE service_state ("
	"  name TEXT PRIMARY KEY,"
	"  at INTEGER NOT NULL,"
	"  ok INTEGER NOT NULL,"
	"  detail TEXT NOT NULL DEFAULT ''"
	") WITHOUT ROWID;",
	/* 19: the shop as its customers see it: an accent colour for white
	 * text ("#rrggbb", "" for ours) and a logo, kept as the PNG made
	 * from what was uploaded (image.h) */
	"ALTER TABLE merchants ADD COLUMN accent TEXT NOT NULL DEFAULT '';"
	"CREATE TABLE merchant_logos ("
	"  merchant_id INTEGER PRIMARY KEY REFERENCES merchants(id)"
	"    ON DELETE CASCADE,"
	"  png BLOB NOT NULL,"
	"  width INTEGER NOT NULL,"
	"  height INTEGER NOT NULL,"
	"  updated_at INTEGER NOT NULL"
	");",
	/* 20: the reasons a policy offers its customers (policy.h), one a
	 * line: a reason of the catalogue, or the merchant's own words in
	 * English and French separated by a tab; NULL: the catalogue's */
	"ALTER TABLE policies ADD COLUMN reasons TEXT;",
	/* 21: the search's terms folded once for the six of a return, not
	 * once each: json_array of the six, the same replace() as 15 on that
	 * one text, json_each back into rows (a label's INSERT 0.45 -> 0.25
	 * ms, inside the writers' queue). Same terms as before, so the table
	 * stays; test_list compares them with return_terms_of. And the
	 * list's index by state also holds each return's expiry and policy:
	 * the expired labels are counted from the index alone (each view of
	 * the list counts them; they read each created label's row, 0.15 ms
	 * a view). The id stays right after the date: the list's order
	 * (date, id) is the index's, or the planner walks the merchant's
	 * returns by date instead (test_list checks the plans). The
	 * exceptions of the week (the Returns tab's "needs attention") from
	 * an index of the exceptions alone, by date of their last news: they
	 * read every exception the merchant ever had. The dashboard's lists
	 * in their order from an index (suspended policies by number, the
	 * policies newest first, the cards default first): each sorted its
	 * rows in a temporary b-tree on every page. The carrier's poll
	 * reads only the returns not yet delivered. */
	"DROP TRIGGER return_terms_insert; DROP TRIGGER"
	" return_terms_update; CREATE TRIGGER return_terms_insert AFTER"
	" INSERT ON shipments BEGIN INSERT OR IGNORE INTO return_terms"
	" (shipment_id, term, merchant_id) SELECT new.id, value,"
	" new.merchant_id FROM json_each((SELECT"
	" replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(t,"
	" 'Ú', 'u'), 'Ù', 'u'), 'Û', 'u'), 'Ü', 'u'), 'ý', 'y'), 'ÿ',"
	" 'y'), 'Ý', 'y'), 'Ÿ', 'y'), 'œ', 'oe'), 'Œ', 'oe'), 'æ', 'ae'),"
	" 'Æ', 'ae'), 'ß', 'ss') AS t FROM (SELECT"
	" replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(t,"
	" 'ó', 'o'), 'ò', 'o'), 'ô', 'o'), 'ö', 'o'), 'õ', 'o'), 'ø',"
	" 'o'), 'Ó', 'o'), 'Ò', 'o'), 'Ô', 'o'), 'Ö', 'o'), 'Õ', 'o'),"
	" 'Ø', 'o'), 'ú', 'u'), 'ù', 'u'), 'û', 'u'), 'ü', 'u') AS t FROM"
	" (SELECT"
	" replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(t,"
	" 'ê', 'e'), 'ë', 'e'), 'É', 'e'), 'È', 'e'), 'Ê', 'e'), 'Ë',"
	" 'e'), 'í', 'i'), 'ì', 'i'), 'î', 'i'), 'ï', 'i'), 'Í', 'i'),"
	" 'Ì', 'i'), 'Î', 'i'), 'Ï', 'i'), 'ñ', 'n'), 'Ñ', 'n') AS t FROM"
	" (SELECT"
	" replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(t,"
	" 'à', 'a'), 'á', 'a'), 'â', 'a'), 'ä', 'a'), 'ã', 'a'), 'å',"
	" 'a'), 'À', 'a'), 'Á', 'a'), 'Â', 'a'), 'Ä', 'a'), 'Ã', 'a'),"
	" 'Å', 'a'), 'ç', 'c'), 'Ç', 'c'), 'é', 'e'), 'è', 'e') AS t FROM"
	" (SELECT json_array(lower(new.tracking), lower(new.ra_number),"
	" lower(new.order_answer), lower(trim(new.name)),"
	" lower(replace(trim(new.name), rtrim(trim(new.name),"
	" replace(trim(new.name), ' ', '')), '')), lower(new.email)) AS"
	" t)))))) WHERE value <> ''; END; CREATE TRIGGER"
	" return_terms_update AFTER UPDATE OF tracking, ra_number,"
	" order_answer, name, email, merchant_id ON shipments BEGIN DELETE"
	" FROM return_terms WHERE shipment_id = old.id; INSERT OR IGNORE"
	" INTO return_terms (shipment_id, term, merchant_id) SELECT"
	" new.id, value, new.merchant_id FROM json_each((SELECT"
	" replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(t,"
	" 'Ú', 'u'), 'Ù', 'u'), 'Û', 'u'), 'Ü', 'u'), 'ý', 'y'), 'ÿ',"
	" 'y'), 'Ý', 'y'), 'Ÿ', 'y'), 'œ', 'oe'), 'Œ', 'oe'), 'æ', 'ae'),"
	" 'Æ', 'ae'), 'ß', 'ss') AS t FROM (SELECT"
	" replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(t,"
	" 'ó', 'o'), 'ò', 'o'), 'ô', 'o'), 'ö', 'o'), 'õ', 'o'), 'ø',"
	" 'o'), 'Ó', 'o'), 'Ò', 'o'), 'Ô', 'o'), 'Ö', 'o'), 'Õ', 'o'),"
	" 'Ø', 'o'), 'ú', 'u'), 'ù', 'u'), 'û', 'u'), 'ü', 'u') AS t FROM"
	" (SELECT"
	" replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(t,"
	" 'ê', 'e'), 'ë', 'e'), 'É', 'e'), 'È', 'e'), 'Ê', 'e'), 'Ë',"
	" 'e'), 'í', 'i'), 'ì', 'i'), 'î', 'i'), 'ï', 'i'), 'Í', 'i'),"
	" 'Ì', 'i'), 'Î', 'i'), 'Ï', 'i'), 'ñ', 'n'), 'Ñ', 'n') AS t FROM"
	" (SELECT"
	" replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(t,"
	" 'à', 'a'), 'á', 'a'), 'â', 'a'), 'ä', 'a'), 'ã', 'a'), 'å',"
	" 'a'), 'À', 'a'), 'Á', 'a'), 'Â', 'a'), 'Ä', 'a'), 'Ã', 'a'),"
	" 'Å', 'a'), 'ç', 'c'), 'Ç', 'c'), 'é', 'e'), 'è', 'e') AS t FROM"
	" (SELECT json_array(lower(new.tracking), lower(new.ra_number),"
	" lower(new.order_answer), lower(trim(new.name)),"
	" lower(replace(trim(new.name), rtrim(trim(new.name),"
	" replace(trim(new.name), ' ', '')), '')), lower(new.email)) AS"
	" t)))))) WHERE value <> ''; END;"
	" DROP INDEX shipments_list_status;"
	" CREATE INDEX shipments_list_status ON shipments(merchant_id, status,"
	"  created_at, id, expires_at, policy_id);"
	" CREATE INDEX shipments_exceptions ON shipments(merchant_id,"
	"  updated_at) WHERE status = 'exception';"
	" DROP INDEX policies_merchant;"
	" CREATE INDEX policies_merchant ON policies(merchant_id, status,"
	"  number);"
	" CREATE INDEX policies_recent ON policies(merchant_id, updated_at);"
	" DROP INDEX cards_merchant;"
	" CREATE INDEX cards_merchant ON cards(merchant_id, is_default, id);"
	" DROP INDEX shipments_poll;"
	" CREATE INDEX shipments_poll ON shipments(carrier, polled_at)"
	"  WHERE carrier <> 'local' AND status <> 'delivered';",
};

#define NMIGRATIONS ((int)(sizeof(migrations) / sizeof(migrations[0])))

int
schema_latest(void)
{
	return NMIGRATIONS;
}

enum rerr
schema_open(const char *path, struct db **out)
{
	return db_open(path, migrations, NMIGRATIONS, out);
}

enum rerr
schema_attach(const char *path, struct db **out, char *err, size_t errlen)
{
	struct db *db;
	enum rerr e;
	int v;

	if (strcmp(path, ":memory:") != 0 && access(path, F_OK) != 0) {
		snprintf(err, errlen, "no database at %s: run `returnsctl "
		    "init` (as the user the services run as)", path);
		return E_NOTFOUND;
	}
	if ((e = db_open(path, NULL, 0, &db)) != E_OK) {
		snprintf(err, errlen, "cannot open the database %s", path);
		return e;
	}
	if ((v = db_version(db)) != NMIGRATIONS) {
		snprintf(err, errlen, "the database %s is at schema version %d, "
		    "this program needs %d: %s", path, v, NMIGRATIONS,
		    v < NMIGRATIONS ? "run `returnsctl migrate` (it backs the "
		    "database up first)" : "the program is older than the "
		    "database; install the newer version");
		db_close(db);
		return E_INVALID;
	}
	*out = db;
	return E_OK;
}

enum rerr
schema_open_version(const char *path, int version, struct db **out)
{
	if (version < 0 || version > NMIGRATIONS)
		return E_INVALID;
	return db_open(path, migrations, version, out);
}
