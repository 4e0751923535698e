-- Copy the old shop's accounts, and the support account with its fixed id.
INSERT INTO customers (email)
SELECT email FROM legacy_accounts;

INSERT INTO users (id, email, display_name) VALUES (1, 'support@example.com', 'Support');
