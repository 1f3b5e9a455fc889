import { Link } from "react-router-dom";
import { PageHeader } from "../components/layout/PageHeader";
import { Button } from "../components/ui/button";

export function NotFoundPage() {
  return (
    <div>
      <PageHeader title="Page not found" description="There is nothing at this address." />
      <Button asChild>
        <Link to="/">Back to the dashboard</Link>
      </Button>
    </div>
  );
}
