-- Reference data for shipping addresses.
CREATE TABLE countries (
  iso2 CHAR(2) NOT NULL,
  name VARCHAR(64) NOT NULL,
  PRIMARY KEY (iso2)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

INSERT INTO countries (iso2, name) VALUES
  ('DE', 'Germany'),
  ('FR', 'France'),
  ('IT', 'Italy'),
  ('FR', 'France');

CREATE TABLE settings (
  name VARCHAR(64) NOT NULL,
  value VARCHAR(255) NOT NULL,
  PRIMARY KEY (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
