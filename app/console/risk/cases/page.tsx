import { CasesList } from "@/components/risk/cases-list";

/** Cases (the layout checks the risk.review permission). */
export default function RiskCasesPage() {
  return <CasesList />;
}
