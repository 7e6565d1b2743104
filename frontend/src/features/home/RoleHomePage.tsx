import { Navigate } from "react-router-dom";
import { useSession } from "../../auth/session";
import { lazyPage } from "../../routing/lazyPage";
import { PupilHome } from "../pupils/PupilHome";

// Each role's home is its own chunk: a pupil's phone loads the pupil's space, not the school's,
// the host's or the back office. The pupil's comes with this page (the most opened space: no
// second download after the first).
const AdminHomePage = lazyPage(() => import("../admin/AdminLayout").then((m) => m.AdminHomePage));
const HostHome = lazyPage(() => import("../offers/HostHome").then((m) => m.HostHome));
const ReferentHome = lazyPage(() => import("../reporting/ReferentHome").then((m) => m.ReferentHome));
const SchoolHome = lazyPage(() => import("../schools/SchoolHome").then((m) => m.SchoolHome));
const OperatorHome = lazyPage(() => import("../partners/PartnerPages").then((m) => m.OperatorHome));

/** The signed-in person's space ("/espace"), by role. */
export function RoleHomePage() {
  const { user } = useSession();
  if (user?.totp_required) return <Navigate to="/compte/double-authentification" replace />;
  if (user?.role === "school_staff") return <SchoolHome />;
  if (user?.role === "student") return <PupilHome />;
  if (user?.role === "employer") return <HostHome />;
  if (user?.role === "operator") return <OperatorHome />;
  return <StateAndAdminHome />;
}

/** Referents and admins: their homes live in their own features (reporting, admin). */
function StateAndAdminHome() {
  const { user } = useSession();
  if (user?.role === "admin") return <AdminHomePage />;
  return <ReferentHome />;
}
