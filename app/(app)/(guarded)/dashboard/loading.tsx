export { DashboardSkeleton as default } from "@/components/ui/route-skeletons";
