export { FormPageSkeleton as default } from "@/components/ui/route-skeletons";
