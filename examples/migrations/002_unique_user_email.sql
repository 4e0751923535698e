-- One account per e-mail address.
ALTER TABLE users ADD UNIQUE KEY uk_users_email (email);
