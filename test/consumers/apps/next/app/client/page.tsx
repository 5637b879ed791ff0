import { Live } from './live';

export const dynamic = 'force-dynamic';

export default async function Page({ searchParams }: { searchParams: Promise<Record<string, string>> }) {
  const { api = '', run = 'demo' } = await searchParams;
  return <Live api={api} runId={run} />;
}
