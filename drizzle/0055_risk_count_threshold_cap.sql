-- Count thresholds of the risk rules go no higher than the ingest probes read (COUNT_CAP, 500,
-- in server/risk/rules.ts): a higher one could never be reached by single orders. A stored
-- threshold above it would now be out of bounds and read as the default (mergeRuleSettings), so
-- it becomes the cap: the closest to what the brand asked that the checks can honour.
UPDATE risk_rule_settings s
SET thresholds = (
  SELECT jsonb_object_agg(k, CASE WHEN k IN ('orders', 'newBuyers') AND jsonb_typeof(v) = 'number' AND v::numeric > 500 THEN to_jsonb(500) ELSE v END)
  FROM jsonb_each(s.thresholds) AS t(k, v)
)
WHERE EXISTS (
  SELECT 1 FROM jsonb_each(s.thresholds) AS t(k, v)
  WHERE k IN ('orders', 'newBuyers') AND jsonb_typeof(v) = 'number' AND v::numeric > 500
);
