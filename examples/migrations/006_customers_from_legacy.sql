-- Customers move over from the old shop's accounts table.
CREATE TABLE legacy_accounts (
  account_no INT NOT NULL,
  email VARCHAR(191) NOT NULL,
  PRIMARY KEY (account_no)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE customers (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  email VARCHAR(191) NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY uk_customers_email (email)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
