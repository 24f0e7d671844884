-- mart_funds_county_year: funds per county, year, program and source (the export's own grain, sorted).
CREATE OR REPLACE TABLE mart_funds_county_year AS
SELECT year, county_code, program, source, max(as_of_month) AS as_of_month, sum(budget) AS budget,
       sum(disbursed) AS disbursed, sum(executed) AS executed
FROM fund_allocations GROUP BY ALL ORDER BY county_code, year, program, source;
