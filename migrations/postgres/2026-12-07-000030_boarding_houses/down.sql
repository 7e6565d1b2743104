DROP TABLE boarding_houses;
