-- Orders; a coupon may be used once per customer.
CREATE TABLE orders (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  user_id INT UNSIGNED NOT NULL,
  coupon_id BIGINT UNSIGNED NULL,
  total_cents BIGINT NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY uk_orders_user_coupon (user_id, coupon_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
