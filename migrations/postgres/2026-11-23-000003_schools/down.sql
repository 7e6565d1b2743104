DROP TABLE school_weeks;
DROP TABLE school_classes;
DROP TABLE school_staff;
DROP TABLE school_registrations;
