-- Metric formulas, one home each. Every named query (queries/*.sql) computes its rates with these macros, so a
-- formula changes here and nowhere else. They are stored in the warehouse file — build, import and every hand-built
-- test fixture run this file through build_marts — and resolve on read-only connections (an ATTACH … READ_ONLY
-- made the default catalog, governance/core/warehouse/queries.py).
-- Arguments are totals already summed over the group (sum() of a mart's counts and weighted sums), so a roll-up
-- county → city → province stays exact. Every rate is NULL when its denominator is 0 or NULL.

-- Building blocks
CREATE OR REPLACE MACRO pct(part, whole) AS 100.0 * part / nullif(whole, 0);
CREATE OR REPLACE MACRO per_1000(n, base) AS 1000.0 * n / nullif(base, 0);
-- a mean weighted by e.g. households, events closed or people served: sum(value × weight) ÷ sum(weight)
CREATE OR REPLACE MACRO weighted_mean(value_x_weight, weight) AS value_x_weight / nullif(weight, 0);
CREATE OR REPLACE MACRO per_month(total, months) AS total / nullif(months, 0);
-- 30.4 days a month (365 / 12): daily figures from monthly totals
CREATE OR REPLACE MACRO per_day(total, months) AS total / nullif(months * 30.4, 0);
-- money is stored in 万元; per-head spending is shown in 元
CREATE OR REPLACE MACRO yuan_per_head(wan_yuan, people) AS wan_yuan * 10000.0 / nullif(people, 0);

-- 网格化治理 (docs/domain.md §3)
CREATE OR REPLACE MACRO grid_coverage_pct(covered_households, households) AS pct(covered_households, households);
CREATE OR REPLACE MACRO workers_per_1000_households(workers, households) AS per_1000(workers, households);
CREATE OR REPLACE MACRO party_branch_pct(party_branches, grids) AS pct(party_branches, grids);
CREATE OR REPLACE MACRO smart_grid_pct(communities_connected, communities) AS pct(communities_connected, communities);
CREATE OR REPLACE MACRO closure_pct(resolved, reported) AS pct(resolved, reported);
CREATE OR REPLACE MACRO on_time_pct(resolved_on_time, resolved) AS pct(resolved_on_time, resolved);
CREATE OR REPLACE MACRO events_per_grid_day(reported, grid_months) AS per_day(reported, grid_months);

-- 资金 and the PPP red line (docs/domain.md §5, §5a)
CREATE OR REPLACE MACRO execution_pct(executed, budget) AS pct(executed, budget);
CREATE OR REPLACE MACRO disbursement_pct(disbursed, budget) AS pct(disbursed, budget);
CREATE OR REPLACE MACRO social_capital_pct(social_capital, total) AS pct(social_capital, total);
CREATE OR REPLACE MACRO obligation_pct(ppp_obligations, gpb_expenditure) AS pct(ppp_obligations, gpb_expenditure);

-- 养老服务 (docs/domain.md §4)
CREATE OR REPLACE MACRO beds_per_1000_elderly(beds, residents_60plus) AS per_1000(beds, residents_60plus);
-- 护理型床位占比: over 养老机构 beds only, not community stations' (mart_elderly_county.institution_*)
CREATE OR REPLACE MACRO nursing_bed_pct(institution_nursing_beds, institution_beds)
    AS pct(institution_nursing_beds, institution_beds);
CREATE OR REPLACE MACRO occupancy_pct(occupied_beds, beds) AS pct(occupied_beds, beds);
CREATE OR REPLACE MACRO street_centre_pct(streets_with_centre, streets) AS pct(streets_with_centre, streets);
CREATE OR REPLACE MACRO meal_points_per_community(meal_points, communities)
    AS meal_points * 1.0 / nullif(communities, 0);

-- 垃圾分类 (docs/domain.md §7) and 居民议事
CREATE OR REPLACE MACRO recyclable_share_pct(recyclable_t, tonnes) AS pct(recyclable_t, tonnes);
CREATE OR REPLACE MACRO adoption_pct(adopted, proposals) AS pct(adopted, proposals);
