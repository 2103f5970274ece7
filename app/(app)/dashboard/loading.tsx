export { DashboardSkeleton as default } from "@/components/ui/skeleton";
