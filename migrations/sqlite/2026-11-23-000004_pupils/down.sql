DROP TABLE pupils;
DROP TABLE staff_classes;
