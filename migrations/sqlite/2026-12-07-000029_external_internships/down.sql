DROP TABLE external_internships;
