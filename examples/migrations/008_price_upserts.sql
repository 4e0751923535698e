-- Prices by SKU, loaded again on every release.
CREATE TABLE prices (
  sku VARCHAR(32) NOT NULL,
  amount_cents BIGINT NOT NULL,
  PRIMARY KEY (sku)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

INSERT INTO prices (sku, amount_cents) VALUES ('TSHIRT-M', 1999), ('MUG', 899)
  ON DUPLICATE KEY UPDATE amount_cents = VALUES(amount_cents);
