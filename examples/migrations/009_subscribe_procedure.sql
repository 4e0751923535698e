-- Newsletter sign-up, called by the web application.
CREATE TABLE subscribers (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  email VARCHAR(191) NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY uk_subscribers_email (email)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

DELIMITER //
CREATE PROCEDURE subscribe(IN p_email VARCHAR(191))
BEGIN
  IF NOT EXISTS (SELECT 1 FROM subscribers WHERE email = p_email) THEN
    INSERT INTO subscribers (email) VALUES (p_email);
  END IF;
END //
DELIMITER ;
