-- More countries, and checkout switched on.
INSERT IGNORE INTO countries (iso2, name) VALUES ('ES', 'Spain'), ('PT', 'Portugal');

REPLACE INTO settings (name, value) VALUES ('checkout.enabled', 'true');
