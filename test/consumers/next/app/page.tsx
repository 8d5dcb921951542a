import { Support } from './support';

// Rendered on the server for every request (the relay's URL comes from the query).
export default async function Page({ searchParams }: { searchParams: Promise<{ relay?: string }> }) {
  const { relay } = await searchParams;
  return <Support server={relay ?? 'https://support.example.com'} />;
}
