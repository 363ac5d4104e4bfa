import type { PageProps } from "../../../define.ts";
export default function Item({ params }: PageProps) {
  return <h1>Item {params.id}</h1>;
}
