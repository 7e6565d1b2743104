DELETE FROM periodic_runs WHERE name = 'kpi_mail';
DROP TABLE kpi_mail_opt_outs;
DROP TABLE stats_daily;
