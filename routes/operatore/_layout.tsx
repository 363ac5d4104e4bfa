import { OperatorNav } from "../../components/OperatorNav.tsx";
import type { LayoutProps } from "../../lib/http/define.ts";

/** Back office pages: the side menu, then the page. */
export default function OperatorLayout({ Component, state, url }: LayoutProps) {
  return (
    <div class="row">
      <div class="col-12 col-lg-3 mb-4">
        <OperatorNav state={state} url={url} />
      </div>
      <div class="col-12 col-lg-9">
        <Component />
      </div>
    </div>
  );
}
