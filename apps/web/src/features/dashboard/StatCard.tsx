import { Card } from "../../components/ui/card";

export function StatCard({ label, value, testId }: { label: string; value: number | string; testId?: string }) {
  return (
    <Card className="p-4" data-testid={testId}>
      <p className="text-xs font-medium uppercase tracking-wide text-muted-foreground">{label}</p>
      <p className="mt-1 text-2xl font-semibold tabular-nums">{value}</p>
    </Card>
  );
}
