DROP TABLE platform_settings;
